export * from "./shared-sources.ts";
export * from "./source-ref.ts";
export * from "./source-registry.ts";
export * from "./sourced-items.ts";
