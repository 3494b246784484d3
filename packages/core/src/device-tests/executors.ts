import { criteriaCoverage, criteriaLeftOver, type LeftTo, PROBE_NAMES } from "@jcstar/probes";
import { SERVER_PROBES } from "./device-runs.ts";

/** Who runs device tests: the platform's background job, or the CLI on a machine in the lab (or a runner). */
export type ExecutorId = "server" | "cli";

export type DeviceTestExecutor = {
  id: ExecutorId;
  probes: string[];
  /** Criteria with device-test support whose probes this executor does not run, and who can do them instead. */
  leftOver: { criterion: string; probes: string[]; leftTo: LeftTo[] }[];
};

/**
 * The executors and what each runs, from the probe → criteria data (probe-criteria.json) and the guides: the
 * server runs only the network probes; the CLI runs every probe; a guided manual test covers what no probe sees.
 */
export function deviceTestExecutors(): {
  executors: DeviceTestExecutor[];
  criteria: { criterion: string; probes: string[]; guided: boolean }[];
} {
  const make = (id: ExecutorId, probes: readonly string[]): DeviceTestExecutor => ({
    id,
    probes: [...probes],
    leftOver: criteriaLeftOver(probes),
  });
  return {
    executors: [make("server", SERVER_PROBES), make("cli", PROBE_NAMES)],
    criteria: criteriaCoverage(),
  };
}
