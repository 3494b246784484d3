import type { Lang, RunResult, Verdict } from "../result/types.ts";
import { VERDICT_SEVERITY } from "../result/types.ts";

const MARK: Record<Verdict, string> = { PASS: "✓", FAIL: "✗", INCONCLUSIVE: "?", NOT_RUN: "-", ERROR: "!" };

const LABELS = {
  ja: { title: "jcstar 実機テスト", started: "開始", finished: "終了", total: "合計", verdicts: "判定" },
  en: {
    title: "jcstar device test",
    started: "started",
    finished: "finished",
    total: "total",
    verdicts: "verdicts",
  },
} as const;

/** Name of a result for people: `ports` or `tls web`. */
export function resultName(result: { probe: string; service?: string }): string {
  return result.service ? `${result.probe} ${result.service}` : result.probe;
}

/** Counts of each verdict over the results of a run. */
export function verdictCounts(run: RunResult): Record<Verdict, number> {
  const counts = Object.fromEntries(VERDICT_SEVERITY.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const r of run.results) counts[r.verdict]++;
  return counts;
}

/**
 * The readable report printed at the end of a run, in one language: one block per result with
 * its verdict, summary and units, then the verdict counts.
 */
export function renderTextReport(run: RunResult, lang: Lang): string {
  const l = LABELS[lang];
  const lines = [
    `${l.title} — ${run.profile} (${run.host})`,
    `${l.started} ${run.startedAt} / ${l.finished} ${run.finishedAt}`,
    "",
  ];
  for (const r of run.results) {
    lines.push(`[${r.verdict}] ${resultName(r)}  (${r.criteria.join(", ")})`);
    lines.push(`  ${r.summary[lang]}`);
    for (const u of r.units) lines.push(`    ${MARK[u.verdict]} ${u.id}: ${u.detail[lang]}`);
    lines.push("");
  }
  const counts = verdictCounts(run);
  const parts = VERDICT_SEVERITY.filter((v) => counts[v] > 0).map((v) => `${v} ${counts[v]}`);
  lines.push(`${l.total}: ${run.results.length} — ${parts.join(", ") || "-"}`);
  return `${lines.join("\n")}\n`;
}
