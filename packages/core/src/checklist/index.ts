export * from "./build-workbook.ts";
export * from "./checklist-input.ts";
export * from "./fill-template.ts";
