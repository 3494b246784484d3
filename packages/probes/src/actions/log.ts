import { performance } from "node:perf_hooks";
import { createLog, type ProbeLog } from "../result/log.ts";

/**
 * A probe log whose entries also carry `elapsedMs`: milliseconds since the probe started on the
 * monotonic clock (wall-clock `t` can jump; `elapsedMs` cannot), so a reviewer can read how long
 * the device took to come back, to answer, to lock out.
 */
export function createDeviceLog(now: () => Date = () => new Date()): ProbeLog & { elapsed: () => number } {
  const inner = createLog(now);
  const start = performance.now();
  const elapsed = () => Math.round(performance.now() - start);
  return {
    entries: inner.entries,
    add(event, fields = {}) {
      inner.add(event, { elapsedMs: elapsed(), ...fields });
    },
    elapsed,
  };
}
