import { GUIDES } from "../guide/steps.ts";
import data from "./probe-criteria.json" with { type: "json" };
import { PROBE_NAMES, type ProbeName } from "./probes.ts";

/** One probe and the criteria its results are filed on (probe-criteria.json). */
export type ProbeCriteria = { probe: ProbeName; criteria: string[] };

/** The probe → criteria links, from the data file, in run order. */
export const PROBE_CRITERIA: readonly ProbeCriteria[] = PROBE_NAMES.map((probe) => ({
  probe,
  criteria: data.probes.find((p) => p.probe === probe)?.criteria ?? [],
}));

/** Where a criterion's device test can be done when the chosen executor does not run its probes. */
export type LeftTo = "cli" | "guided";

/** A criterion with device-test support: the probes that give evidence for it and whether a guided test exists. */
export type CriterionCoverage = { criterion: string; probes: ProbeName[]; guided: boolean };

/** Every criterion a probe or a guided manual test covers, sorted by id. */
export function criteriaCoverage(): CriterionCoverage[] {
  const ids = new Set([...PROBE_CRITERIA.flatMap((p) => p.criteria), ...GUIDES.map((g) => g.criterion)]);
  return [...ids]
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
    .map((criterion) => ({
      criterion,
      probes: PROBE_CRITERIA.filter((p) => p.criteria.includes(criterion)).map((p) => p.probe),
      guided: GUIDES.some((g) => g.criterion === criterion),
    }));
}

/**
 * The criteria an executor that runs `runs` leaves to others: for each covered criterion none of whose probes
 * the executor runs, whether the CLI (or a runner on the lab network) and/or a guided test can do it.
 */
export function criteriaLeftOver(
  runs: readonly string[],
): { criterion: string; probes: ProbeName[]; leftTo: LeftTo[] }[] {
  return criteriaCoverage()
    .filter((c) => !c.probes.some((p) => runs.includes(p)))
    .map((c) => ({
      criterion: c.criterion,
      probes: c.probes,
      leftTo: [
        ...(c.probes.length > 0 ? (["cli"] as const) : []),
        ...(c.guided ? (["guided"] as const) : []),
      ],
    }));
}
