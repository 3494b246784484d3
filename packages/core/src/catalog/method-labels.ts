import type { Lang } from "../i18n/text.ts";
import type { EvaluationMethod } from "./criterion.ts";

/**
 * The names of the evaluation methods, one term everywhere (report, checklist, CLI; the web catalog says the same):
 * ドキュメント評価 is the word of the scheme summary and the criteria data, 実機テスト the device test.
 */
export const METHOD_LABELS: Record<Lang, Record<EvaluationMethod, string>> = {
  ja: { document: "ドキュメント評価", device: "実機テスト", both: "ドキュメント評価及び実機テスト" },
  en: { document: "Document review", device: "Device test", both: "Document review and device test" },
};
