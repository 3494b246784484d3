export * from "./font.ts";
export * from "./pdf-spec.ts";
export * from "./render-pdf.ts";
