import { seg, storedOrgId } from "./client.ts";
import type { I18nText, Readiness, Route } from "./types.ts";

/** Shapes of the sign-off, application-form and package API (see apps/server/src/routes/{signoff,forms,package}.ts). */
export type Signoff = {
  id: string;
  productId: string;
  assessmentId: string;
  signerUserId: string | null;
  signerName: string;
  signerTitle: string;
  signedAt: string;
  route: Route;
  snapshotSha256: string;
  supersededBy: string | null;
  supersededAt: string | null;
};

export type SignoffStatus = { current: Signoff | null; history: Signoff[]; changedSinceSignOff: boolean };

export type ApplicationPackage = {
  id: string;
  productId: string;
  signoffId: string;
  lang: string;
  zipSha256: string;
  size: number;
  fileCount: number;
  createdAt: string;
  createdBy: string | null;
};

export type PackageStatus = {
  readiness: Readiness;
  signoff: SignoffStatus;
  canBuild: boolean;
  packages: ApplicationPackage[];
};

export type ApplicationFormField = {
  id: string;
  section: string;
  label: I18nText;
  required: boolean;
  publishable: boolean;
  derived: boolean;
  value: string;
  publish: boolean;
  missing: boolean;
  maxLength: number | null;
  pattern: string | null;
};

export type ApplicationForm = {
  productId: string;
  definitionVersion: string;
  version: number;
  updatedAt: string | null;
  proxy: boolean;
  sections: { id: string; form: string; title: I18nText }[];
  fields: ApplicationFormField[];
  confirmations: { id: string; label: I18nText; applies: boolean; checked: boolean; missing: boolean }[];
  missing: { field: string; label: I18nText }[];
};

export const FORM_DOCUMENTS = [
  "application-form",
  "form-2-1-confirmation",
  "form-2-3-power-of-attorney",
] as const;
export type FormDocumentName = (typeof FORM_DOCUMENTS)[number];

/** GET links (downloads) name the organisation in the query, as they cannot send the header. */
function withOrg(path: string, query: Record<string, string> = {}): string {
  const q = new URLSearchParams(query);
  const org = storedOrgId();
  if (org) q.set("org", org);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const packageUrls = {
  status: (productId: string) => `/api/products/${seg(productId)}/package`,
  build: (productId: string) => `/api/products/${seg(productId)}/packages`,
  signoffs: (productId: string) => `/api/products/${seg(productId)}/signoffs`,
  form: (productId: string) => `/api/products/${seg(productId)}/application-form`,
  download: (packageId: string) => withOrg(`/api/packages/${seg(packageId)}/download`),
  report: (signoffId: string, lang: "ja" | "en") =>
    withOrg(`/api/signoffs/${seg(signoffId)}/report`, { lang }),
  formDocument: (productId: string, name: FormDocumentName, format: "html" | "pdf", lang: "ja" | "en") =>
    withOrg(`/api/products/${seg(productId)}/application-form/documents/${seg(name)}`, { format, lang }),
};
