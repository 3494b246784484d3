export * from "./blob-store.ts";
export * from "./revise-delete.ts";
export * from "./sniff.ts";
export * from "./upload.ts";
export * from "./verify.ts";
