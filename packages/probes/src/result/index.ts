export { createLog, type ProbeLog } from "./log.ts";
export * from "./types.ts";
export { combineVerdicts, exitCodeFor } from "./verdict.ts";
