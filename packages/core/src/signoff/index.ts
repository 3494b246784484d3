export * from "./build-snapshot.ts";
export * from "./frozen-checklist.ts";
export * from "./not-ready.ts";
export * from "./signoff.ts";
export * from "./snapshot.ts";
