/** Types of the device-test API (profiles, write-only secrets, runs, results JSON), from the generated document. */
import type { Schemas } from "./client.ts";
import type { paths } from "./schema.gen.ts";

export type DeviceProfile = Schemas["DeviceProfile"];

export type ProfileProblem =
  paths["/api/products/{productId}/device-profiles/validate"]["post"]["responses"][200]["content"]["application/json"]["problems"][number];

export type DeviceSecret = Schemas["DeviceSecret"];

export type DeviceRun = Schemas["DeviceRun"];

/** The results JSON of a run (core's runResultSchema, as GET /api/device-runs/{runId}/results documents it). */
export type RunResults =
  paths["/api/device-runs/{runId}/results"]["get"]["responses"][200]["content"]["application/json"];

export type ProbeResult = RunResults["results"][number];

export const SERVER_PROBES = [
  "ports",
  "tls",
  "default-credentials",
  "brute-force",
] as const satisfies readonly NonNullable<Schemas["DeviceRun"]["probes"]>[number][];
export type ServerProbe = (typeof SERVER_PROBES)[number];
