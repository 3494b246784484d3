import { DEVICE_PROBE_NAMES } from "../actions/names.ts";
import { CREDENTIAL_PROBE_NAMES } from "../credentials/names.ts";

/** Probes this harness knows, in the order they run. Later issues add more. */
export const PROBE_NAMES = ["ports", "tls", ...CREDENTIAL_PROBE_NAMES, ...DEVICE_PROBE_NAMES] as const;
export type ProbeName = (typeof PROBE_NAMES)[number];

/**
 * Parses `--only ports,tls`: returns the selected probes in run order, or throws an Error naming
 * the unknown ones. Undefined or empty selects every probe.
 */
export function selectProbes(only?: string | readonly string[]): ProbeName[] {
  const wanted = (typeof only === "string" ? only.split(",") : (only ?? []))
    .map((s) => s.trim())
    .filter(Boolean);
  if (wanted.length === 0) return [...PROBE_NAMES];
  const unknown = wanted.filter((w) => !(PROBE_NAMES as readonly string[]).includes(w));
  if (unknown.length > 0)
    throw new Error(
      `unknown probe: ${unknown.join(", ")} (known: ${PROBE_NAMES.join(", ")}) / 不明なプローブ: ${unknown.join(", ")}`,
    );
  return PROBE_NAMES.filter((p) => wanted.includes(p));
}
