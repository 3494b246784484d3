/**
 * Types of the results JSON every probe writes (ETSI TS 103 701 style: one result per
 * test case, each made of test units with their own verdict, and a log of what was sent).
 */

import type { ProbeResultOf, TestUnitOf, VERDICTS } from "./schema.ts";

export type { RunResult } from "./schema.ts";

/** Verdict of a test unit or a test case. */
export type Verdict = (typeof VERDICTS)[number];

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

/** One test unit: a single check inside a test case (`id` is stable inside the probe, e.g. `undeclared-ports`). */
export type TestUnit = TestUnitOf;

/** One log line: what the probe sent or saw, with a wall-clock timestamp (ISO 8601). */
export interface LogEntry {
  t: string;
  event: string;
  [key: string]: unknown;
}

/**
 * One test case: a probe run, or a probe run for one service of the profile (`service`); `criteria` are the
 * JC-STAR requirement ids it is evidence for, e.g. `S1.1-13`. The probes write their log lines as LogEntry.
 */
export type ProbeResult = ProbeResultOf;

/** Tool version written into every results document. */
export const TOOL_VERSION = "0.1.0";
