export * from "./issue-label.ts";
export * from "./label.ts";
export * from "./label-artwork.ts";
export * from "./label-keys.ts";
export * from "./label-token.ts";
export * from "./registration-number.ts";
export * from "./registry-settings.ts";
export * from "./status-list.ts";
