import { text } from "../result/text.ts";
import type { Lang, LogEntry, ProbeResult, TestUnit, Verdict } from "../result/types.ts";
import { combineVerdicts } from "../result/verdict.ts";
import type { Guide } from "./steps.ts";

/**
 * One attached file (a photo or video of the step), identified by its hash: a local path on the
 * terminal, and once filed on the platform the evidence record that holds it and its sniffed type.
 */
export interface GuideAttachment {
  path?: string;
  name?: string;
  bytes: number;
  sha256: string;
  evidenceId?: string;
  mediaType?: string;
}

/** A recorded answer. */
export interface GuideAnswer {
  step: string;
  result: "pass" | "fail" | "skip";
  note: string;
  at: string;
  attachments: GuideAttachment[];
}

const VERDICT: Record<GuideAnswer["result"], Verdict> = { pass: "PASS", fail: "FAIL", skip: "NOT_RUN" };

const LABELS = {
  pass: text("合格", "pass"),
  fail: text("不合格", "fail"),
  skip: text("対象外・スキップ", "skipped"),
} as const;

function attachmentName(a: GuideAttachment): string {
  return a.name ?? a.path?.split(/[\\/]/).pop() ?? a.sha256.slice(0, 12);
}

/**
 * The results-JSON test case (probe `guide`) of a walked guide: one unit per step (pass → PASS,
 * fail → FAIL, skip or unanswered → NOT_RUN) whose text names the tester, the note and every
 * attached file with the start of its hash; the case FAILs on a failed step and is INCONCLUSIVE
 * when steps are left unanswered. Shared by the terminal walk and the platform (web workspace).
 */
export function guideResult(
  guide: Guide,
  answers: readonly GuideAnswer[],
  tester: string,
  extra: { log?: LogEntry[]; durationMs?: number } = {},
): ProbeResult {
  const units: TestUnit[] = guide.steps.map((step) => {
    const answer = answers.find((a) => a.step === step.id);
    if (!answer)
      return {
        id: step.id,
        verdict: "NOT_RUN",
        detail: text(`${step.instruction.ja}（未回答）`, `${step.instruction.en} (not answered)`),
      };
    const suffix = (lang: Lang) =>
      [
        answer.note ? `${lang === "ja" ? "メモ" : "note"}: ${answer.note}` : "",
        answer.attachments.length
          ? `${lang === "ja" ? "添付" : "files"}: ${answer.attachments
              .map((a) => `${attachmentName(a)} (sha256 ${a.sha256.slice(0, 16)}…)`)
              .join(", ")}`
          : "",
      ]
        .filter(Boolean)
        .join("; ");
    const label = LABELS[answer.result];
    return {
      id: step.id,
      verdict: VERDICT[answer.result],
      detail: text(
        `${step.instruction.ja} → ${label.ja}（${tester}、${answer.at}）${suffix("ja") ? ` ${suffix("ja")}` : ""}`,
        `${step.instruction.en} → ${label.en} (${tester}, ${answer.at})${suffix("en") ? ` ${suffix("en")}` : ""}`,
      ),
    };
  });
  const verdict = combineVerdicts(units.map((u) => u.verdict));
  const answered = guide.steps.filter((s) => answers.some((a) => a.step === s.id));
  const count = (r: GuideAnswer["result"]) =>
    answered.filter((s) => answers.find((a) => a.step === s.id)?.result === r).length;
  const unanswered = guide.steps.length - answered.length;
  const summary = text(
    `${guide.title.ja}: 合格 ${count("pass")}・不合格 ${count("fail")}・スキップ ${count("skip")}${unanswered ? `・未回答 ${unanswered}` : ""}（試験者 ${tester}）`,
    `${guide.title.en}: ${count("pass")} pass, ${count("fail")} fail, ${count("skip")} skipped${unanswered ? `, ${unanswered} unanswered` : ""} (tester ${tester})`,
  );
  return {
    probe: "guide",
    service: guide.criterion,
    criteria: [guide.criterion],
    verdict: unanswered > 0 && verdict === "PASS" ? "INCONCLUSIVE" : verdict,
    summary,
    findings: { guide: guide.criterion, tester, answers },
    units,
    log: extra.log ?? [],
    ...(extra.durationMs !== undefined ? { durationMs: extra.durationMs } : {}),
  };
}
