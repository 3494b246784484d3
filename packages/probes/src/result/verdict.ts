import { VERDICT_SEVERITY, type Verdict } from "./types.ts";

/**
 * The verdict of a test case from its units: the most severe unit verdict wins
 * (FAIL > ERROR > INCONCLUSIVE > PASS > NOT_RUN: a definite failure is not masked by a step that
 * errored after it; the error stays visible in its unit). No units, or only NOT_RUN units, give NOT_RUN.
 */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  for (const verdict of VERDICT_SEVERITY) if (verdicts.includes(verdict)) return verdict;
  return "NOT_RUN";
}

/**
 * Process exit code for a run: 1 when any result FAILed or ERRORed (or, with `strict`,
 * was INCONCLUSIVE), else 0. Code 2 (run could not be done) is decided before results exist.
 */
export function exitCodeFor(verdicts: readonly Verdict[], strict: boolean): 0 | 1 {
  if (verdicts.some((v) => v === "FAIL" || v === "ERROR")) return 1;
  if (strict && verdicts.includes("INCONCLUSIVE")) return 1;
  return 0;
}
