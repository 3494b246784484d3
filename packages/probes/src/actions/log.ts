import { performance } from "node:perf_hooks";
import { createLog, type ProbeLog } from "../result/log.ts";

/**
 * A probe log whose entries also carry `mono`: milliseconds since the probe started on the
 * monotonic clock (wall-clock `t` can jump; `mono` cannot), so a reviewer can read how long the
 * device took to come back or to answer. Same field as the login probes' logs.
 */
export function createDeviceLog(now: () => Date = () => new Date()): ProbeLog & { elapsed: () => number } {
  const inner = createLog(now);
  const start = performance.now();
  const elapsed = () => Math.round((performance.now() - start) * 10) / 10;
  return {
    entries: inner.entries,
    add(event, fields = {}) {
      inner.add(event, { mono: elapsed(), ...fields });
    },
    elapsed,
  };
}
