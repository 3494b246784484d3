export { PROBE_NAMES, type ProbeName, selectProbes } from "./probes.ts";
export { type ProgressEvent, type RunOptions, runProfile } from "./run-profile.ts";
export { assertReachable, RunError, resolveHost } from "./target.ts";
