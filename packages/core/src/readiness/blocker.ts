import type { I18nText } from "../i18n/text.ts";
import { format } from "../i18n/text.ts";

/**
 * Every reason that can block an application, by code. Later features add their codes here, a rule in
 * SPINE_RULES (./readiness.ts) and, when the rule needs data, a field that `loadReadinessInput()` gathers;
 * `readiness()` stays the one place that decides.
 */
export const BLOCKER_MESSAGES = {
  NOT_ASSESSED: {
    ja: "{criterionId} はまだ評価されていません。",
    en: "{criterionId} has not been assessed yet.",
  },
  NON_CONFORMANT: {
    ja: "{criterionId} が「不適合」です。1項目でも満たせない基準があると申請できません。",
    en: "{criterionId} is non-conformant; one unmet criterion blocks the application.",
  },
  NA_NOT_ALLOWED: {
    ja: "{criterionId} は「要件充足不要」にできない基準です。",
    en: "{criterionId} cannot be marked not applicable.",
  },
  NA_WITHOUT_REASON: {
    ja: "{criterionId} の「要件充足不要」の理由が記録されていません。",
    en: "{criterionId} is marked not applicable without a recorded reason.",
  },
  MISSING_DOCUMENT_EVIDENCE: {
    ja: "{criterionId} にドキュメント評価の証跡（文書名と該当箇所）がありません。",
    en: "{criterionId} lacks document evidence (document name and location).",
  },
  MISSING_DEVICE_EVIDENCE: {
    ja: "{criterionId} に実機テストの証跡（記録名・結果概要・実施日・実施者）がありません。",
    en: "{criterionId} lacks a device-test record (record name, result summary, date, tester).",
  },
  EVIDENCE_VERIFICATION_FAILED: {
    ja: "{criterionId} の証跡が検証に失敗しました（ファイルまたは記録が改変・欠落しています）。",
    en: "Evidence of {criterionId} failed verification (a file or record was altered or is missing).",
  },
  DEVICE_TEST_FAILED: {
    ja: "{criterionId} に紐付いた実機テストの最新の結果が不合格（FAIL/ERROR）です。修正して再テストしてください。",
    en: "The latest device test linked to {criterionId} failed (FAIL/ERROR); fix the device and test again.",
  },
  APPLICATION_FIELD_MISSING: {
    ja: "申請書の必須項目「{field}」が入力されていません。",
    en: 'The application form lacks the required item "{field}".',
  },
  NEEDS_REVIEW: {
    ja: "{criterionId} はチェックリストの改版で内容が変わりました。評価結果を見直して保存してください。",
    en: "{criterionId} changed in the new checklist version; review the result and save it again.",
  },
  UNRESOLVED_VULNERABILITY: {
    ja: "{criterionId}: 最新リリースに、基準以上の深刻度で未解決の既知の脆弱性があります。更新するか、影響なし（VEX）の根拠を記録してください。",
    en: "{criterionId}: the latest release has unresolved known vulnerabilities at or above the severity threshold; update the components or record a not-affected (VEX) justification.",
  },
} as const satisfies Record<string, I18nText>;

export type BlockerCode = keyof typeof BLOCKER_MESSAGES;

/** One reason a criterion blocks the application, with its text in both languages. */
export type Blocker = { code: BlockerCode; criterionId: string; message: I18nText };

/** A blocker; `params` fill further placeholders, a text per language where it has one. */
export function blocker(
  code: BlockerCode,
  criterionId: string,
  params: Record<string, string | I18nText> = {},
): Blocker {
  const template = BLOCKER_MESSAGES[code];
  const fill = (lang: "ja" | "en") => ({
    ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === "string" ? v : v[lang]])),
    criterionId,
  });
  return {
    code,
    criterionId,
    message: { ja: format(template.ja, fill("ja")), en: format(template.en, fill("en")) },
  };
}
