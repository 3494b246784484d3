import { text } from "../result/text.ts";
import type { Bilingual, LogEntry, ProbeResult, TestUnit } from "../result/types.ts";
import { combineVerdicts } from "../result/verdict.ts";

/**
 * Builds the result of a device probe from its units: the verdict is the worst unit's; the summary is
 * `passSummary` on PASS, otherwise the details of the units that did not pass (or an explicit summary).
 * The duration counts from the moment the builder is made.
 */
export function deviceResultBuilder(
  base: { probe: string; criteria: string[]; log: LogEntry[] },
  passSummary: Bilingual,
): (units: TestUnit[], findings: Record<string, unknown>, summary?: Bilingual) => ProbeResult {
  const started = Date.now();
  return (units, findings, summary) => {
    const verdict = combineVerdicts(units.map((u) => u.verdict));
    const notable = units.filter((u) => u.verdict !== "PASS" && u.verdict !== "NOT_RUN");
    const shown = notable.length ? notable : units;
    return {
      ...base,
      verdict,
      summary:
        summary ??
        (verdict === "PASS"
          ? passSummary
          : text(shown.map((u) => u.detail.ja).join("／"), shown.map((u) => u.detail.en).join("; "))),
      findings,
      units,
      durationMs: Date.now() - started,
    };
  };
}
