export * from "./check-claims.ts";
export * from "./claim-dates.ts";
export * from "./product-claims.ts";
export * from "./rules.ts";
export * from "./sentences.ts";
