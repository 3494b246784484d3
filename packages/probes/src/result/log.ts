import type { LogEntry } from "./types.ts";

/** An append-only probe log with a wall-clock timestamp on every entry. */
export interface ProbeLog {
  entries: LogEntry[];
  add(event: string, fields?: Record<string, unknown>): void;
}

/** A new, empty probe log. `now` is injectable for tests. */
export function createLog(now: () => Date = () => new Date()): ProbeLog {
  const entries: LogEntry[] = [];
  return {
    entries,
    add(event, fields = {}) {
      entries.push({ t: now().toISOString(), event, ...fields });
    },
  };
}
