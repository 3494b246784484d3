import { createLog } from "../result/log.ts";
import type { LogEntry } from "../result/types.ts";
import { monoMs } from "./session.ts";

/** A probe log whose entries also carry `mono`: ms since the probe started, on the monotonic clock. */
export interface MonoLog {
  entries: LogEntry[];
  add(event: string, fields?: Record<string, unknown>): void;
  /** Monotonic ms since the probe started. */
  elapsed(): number;
}

export function createMonoLog(now?: () => Date): MonoLog {
  const log = createLog(now);
  const start = monoMs();
  const elapsed = () => Math.round((monoMs() - start) * 10) / 10;
  return {
    entries: log.entries,
    elapsed,
    add(event, fields = {}) {
      log.add(event, { mono: elapsed(), ...fields });
    },
  };
}

/** Rounds a latency to 0.1 ms for the log. */
export function ms(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Waits `delayMs` (never past `deadline`). */
export function sleep(delayMs: number, deadline = Number.POSITIVE_INFINITY): Promise<void> {
  const wait = Math.max(0, Math.min(delayMs, deadline - Date.now()));
  return new Promise((resolve) => setTimeout(resolve, wait));
}
