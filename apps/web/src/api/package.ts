import { pathUrl, type Schemas } from "./client.ts";

/** Shapes of the sign-off, application-form and package API (see apps/server/src/routes/{signoff,forms,package}.ts). */
export type Signoff = Schemas["Signoff"];

export type SignoffStatus = Schemas["SignoffStatus"];

export type ApplicationPackage = Schemas["ApplicationPackage"];

export type PackageStatus = Schemas["PackageStatus"];

export type ApplicationForm = Schemas["ApplicationForm"];

export type ApplicationFormField = ApplicationForm["fields"][number];

export const FORM_DOCUMENTS = [
  "application-form",
  "form-2-1-confirmation",
  "form-2-3-power-of-attorney",
] as const;
export type FormDocumentName = (typeof FORM_DOCUMENTS)[number];

/** GET links (downloads): they name the organisation in the query, as they cannot send the header. */
export const packageUrls = {
  download: (packageId: string) => pathUrl("/api/packages/{packageId}/download", { path: { packageId } }),
  report: (signoffId: string, lang: "ja" | "en") =>
    pathUrl("/api/signoffs/{signoffId}/report", { path: { signoffId }, query: { lang } }),
  formDocument: (productId: string, name: FormDocumentName, format: "html" | "pdf", lang: "ja" | "en") =>
    pathUrl("/api/products/{productId}/application-form/documents/{name}", {
      path: { productId, name },
      query: { format, lang },
    }),
};
