/**
 * Types of the results JSON every probe writes (ETSI TS 103 701 style: one result per
 * test case, each made of test units with their own verdict, and a log of what was sent).
 */

/** Verdict of a test unit or a test case. */
export type Verdict = "PASS" | "FAIL" | "INCONCLUSIVE" | "NOT_RUN" | "ERROR";

/**
 * Every verdict, from the most to the least severe (used to combine unit verdicts). A definite FAIL
 * outranks an ERROR: a later step that errored does not undo a failure already seen.
 */
export const VERDICT_SEVERITY: readonly Verdict[] = ["FAIL", "ERROR", "INCONCLUSIVE", "PASS", "NOT_RUN"];

/** A user-facing text in both languages the project ships. */
export interface Bilingual {
  ja: string;
  en: string;
}

/** Output language of reports. */
export type Lang = keyof Bilingual;

/** One test unit: a single check inside a test case. */
export interface TestUnit {
  /** Stable identifier inside the probe, e.g. `undeclared-ports`, `protocol-tlsv1`. */
  id: string;
  verdict: Verdict;
  /** What was checked and what was seen, in both languages. */
  detail: Bilingual;
}

/** One log line: what the probe sent or saw, with a wall-clock timestamp (ISO 8601). */
export interface LogEntry {
  t: string;
  event: string;
  [key: string]: unknown;
}

/** One test case: a probe run, or a probe run for one service of the profile. */
export interface ProbeResult {
  probe: string;
  /** The profile's service id when the probe works per service. */
  service?: string;
  /** JC-STAR requirement ids this result is evidence for, e.g. `S1.1-13`. */
  criteria: string[];
  verdict: Verdict;
  summary: Bilingual;
  findings: Record<string, unknown>;
  units: TestUnit[];
  log: LogEntry[];
  /** Duration of this test case in milliseconds. */
  durationMs?: number;
}

/** The whole results document of one `jcstar probe run`. */
export interface RunResult {
  tool: "jcstar";
  version: string;
  profile: string;
  host: string;
  startedAt: string;
  finishedAt: string;
  results: ProbeResult[];
}

/** Tool version written into every results document. */
export const TOOL_VERSION = "0.1.0";
