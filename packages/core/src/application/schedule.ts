import { z } from "zod";
import { i18nTextSchema } from "../i18n/text.ts";
import { SHARED_SOURCES } from "../scheme/shared-sources.ts";
import {
  parseSchemeData,
  SchemeDataError,
  sourceKeysSchema,
  unknownSourceKeys,
} from "../scheme/source-registry.ts";
import scheduleData from "./schedule.json" with { type: "json" };
import type { ApplicationState } from "./transitions.ts";

const scheduleSchema = z.object({
  note: i18nTextSchema.optional(),
  /** Sources of the two scheme facts; the reminder and overdue durations are jcstar's own settings. */
  sources: z.object({ acceptanceDays: sourceKeysSchema, labelValidityYears: sourceKeysSchema }).strict(),
  acceptanceDays: z.number().int().positive(),
  labelValidityYears: z.number().int().positive(),
  reminderLeadDays: z.number().int().positive(),
  overdueAfterDays: z.record(z.string(), z.number().int().positive()),
});
export type Schedule = z.output<typeof scheduleSchema>;

/** Expected durations of the scheme (schedule.json): acceptance, label validity, when a step is overdue. */
export const SCHEDULE: Schedule = parseSchedule("application/schedule.json", scheduleData);

/** Parses schedule data and checks its source keys against the shared registry. */
export function parseSchedule(file: string, data: unknown): Schedule {
  const schedule = parseSchemeData(file, scheduleSchema, data);
  const problems = Object.entries(schedule.sources).flatMap(([fact, keys]) =>
    unknownSourceKeys(SHARED_SOURCES.sources, keys, `sources.${fact}`),
  );
  if (problems.length > 0) throw new SchemeDataError(file, problems);
  return schedule;
}

/** A calendar date plus days (YYYY-MM-DD, UTC). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A calendar date plus years; 29 February becomes 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/** About two weeks after submission: when IPA (or the registry) is expected to accept. */
export function expectedAcceptanceOn(
  submittedOn: string | null,
  schedule: Schedule = SCHEDULE,
): string | null {
  return submittedOn ? addDays(submittedOn, schedule.acceptanceDays) : null;
}

/**
 * The expiry jcstar used to compute (issuance + validity − 1 day), which labels issued before migration
 * 2026-12-03T2120 carry. New labels record the date IPA states (lifecycle.ts): do not use this for them.
 */
export function labelExpiresOn(issuedOn: string, schedule: Schedule = SCHEDULE): string {
  return addDays(addYears(issuedOn, schedule.labelValidityYears), -1);
}

/** The date a step waiting in `state` since `since` becomes overdue, or null when that state has no deadline. */
export function overdueOn(
  state: ApplicationState,
  since: string,
  schedule: Schedule = SCHEDULE,
): string | null {
  const days = schedule.overdueAfterDays[state];
  return days === undefined ? null : addDays(since, days);
}
