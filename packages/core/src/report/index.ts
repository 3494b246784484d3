export * from "./assessment-report.ts";
export * from "./report-labels.ts";
