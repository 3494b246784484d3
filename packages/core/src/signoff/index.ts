export * from "./build-snapshot.ts";
export * from "./snapshot.ts";
