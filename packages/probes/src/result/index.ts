export { createLog, type ProbeLog } from "./log.ts";
export { runResultSchema, VERDICTS } from "./schema.ts";
export * from "./types.ts";
export { combineVerdicts, exitCodeFor } from "./verdict.ts";
