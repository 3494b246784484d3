export * from "./application-form.schema.ts";
export * from "./application-form.ts";
export * from "./field-input.ts";
export * from "./form-definition.ts";
export * from "./form-documents.ts";
