export * from "./build-package.ts";
export * from "./package-entry.ts";
export * from "./package-history.ts";
export * from "./package-parts.ts";
export * from "./package-record.ts";
