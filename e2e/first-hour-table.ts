import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StepRecord } from "./first-hour-meter.ts";
import { ROOT } from "./harness.ts";

/** The human-time model of docs/first-hour.md: seconds a person spends per action. */
export const MODEL = { click: 4, field: 15, page: 30 } as const;

const DOC = join(ROOT, "docs/first-hour.md");
const BEGIN = "<!-- first-hour-table:begin -->";
const END = "<!-- first-hour-table:end -->";

export function humanSeconds(s: Pick<StepRecord, "clicks" | "fields" | "pages">): number {
  return s.clicks * MODEL.click + s.fields * MODEL.field + s.pages * MODEL.page;
}

const minutes = (seconds: number) => (seconds / 60).toFixed(1);

/** The table of one run: per step, the counted actions, the estimated human time and the measured wall time. */
export function firstHourTable(lang: string, steps: readonly StepRecord[]): string {
  const rows = steps.map(
    (s, i) =>
      `| ${i + 1} | ${s.name}${s.budgeted ? "" : " *"} | ${s.clicks} | ${s.fields} | ${s.pages} | ${minutes(humanSeconds(s))} | ${(s.wallMs / 1000).toFixed(1)} |`,
  );
  const sum = (pick: (s: StepRecord) => number, only: (s: StepRecord) => boolean) =>
    steps.filter(only).reduce((n, s) => n + pick(s), 0);
  const total = (label: string, only: (s: StepRecord) => boolean) =>
    `| | **${label}** | **${sum((s) => s.clicks, only)}** | **${sum((s) => s.fields, only)}** | **${sum((s) => s.pages, only)}** | **${minutes(sum(humanSeconds, only))}** | **${(sum((s) => s.wallMs, only) / 1000).toFixed(1)}** |`;
  return [
    `Language: ${lang}. Model: ${MODEL.click} s per click, ${MODEL.field} s per typed field, ${MODEL.page} s per page read.`,
    "",
    "| # | Step | Clicks | Typed fields | Pages read | Human (min, model) | Wall (s, measured) |",
    "|---|------|-------:|-------------:|-----------:|-------------------:|-------------------:|",
    ...rows,
    total("/setup → downloaded package", (s) => s.budgeted),
    total("whole journey", () => true),
    "",
    "`*` after the package: outside the 80-click budget.",
  ].join("\n");
}

/** Rewrites the table between the markers of docs/first-hour.md (JCSTAR_WRITE_FIRST_HOUR=1). */
export function writeFirstHourTable(lang: string, steps: readonly StepRecord[]): void {
  const doc = readFileSync(DOC, "utf8");
  const at = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (at < 0 || end < at) throw new Error(`${DOC} has no ${BEGIN} … ${END} markers`);
  writeFileSync(DOC, `${doc.slice(0, at + BEGIN.length)}\n${firstHourTable(lang, steps)}\n${doc.slice(end)}`);
}
