/** Latency statistics of a list of attempts (ms). */
export interface LatencyStats {
  min: number;
  median: number;
  p90: number;
  max: number;
}

/** Nearest-rank percentile of `values` (0 < p ≤ 100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function latencyStats(values: readonly number[]): LatencyStats | null {
  if (values.length === 0) return null;
  const r = (x: number) => Math.round(x);
  return {
    min: r(Math.min(...values)),
    median: r(percentile(values, 50)),
    p90: r(percentile(values, 90)),
    max: r(Math.max(...values)),
  };
}

/** The failure delay a device must show past its threshold (ETSI TS 103 701 style test: ≥ 1.0 s). */
export const FAILURE_DELAY_MS = 1000;

/**
 * The 1-based attempt number from which every refused attempt took at least `minMs`, when at least
 * `atLeast` refused attempts (including the last one) did; null when there is no such delay.
 * `latencies` are the refused attempts' latencies in order, with their attempt numbers.
 */
export function delayThreshold(
  latencies: ReadonlyArray<{ n: number; latencyMs: number }>,
  minMs = FAILURE_DELAY_MS,
  atLeast = 2,
): number | null {
  let from: number | null = null;
  let count = 0;
  for (const a of latencies) {
    if (a.latencyMs >= minMs) {
      from ??= a.n;
      count += 1;
    } else {
      from = null;
      count = 0;
    }
  }
  return from !== null && count >= Math.min(atLeast, latencies.length) ? from : null;
}
