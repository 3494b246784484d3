export * from "./jobs.table.ts";
export * from "./jobs.ts";
export * from "./worker.ts";
