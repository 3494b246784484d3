/** The contact details already entered for the generated documents, read from their stored inputs. */
export type DocumentContact = {
  contact: string | null;
  policyUrl: string | null;
  securityTxtUrl: string | null;
};

function at(data: unknown, path: readonly string[]): string | null {
  let value: unknown = data;
  for (const key of path) {
    if (typeof value !== "object" || value === null || !(key in value)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

/** From the documents' inputs (GET …/documents/inputs `data`): e-mail (else form URL), policy and security.txt URLs. */
export function documentContact(data: unknown): DocumentContact {
  return {
    contact: at(data, ["contact", "email"]) ?? at(data, ["contact", "formUrl"]),
    policyUrl: at(data, ["disclosure", "policyUrl"]),
    securityTxtUrl: at(data, ["disclosure", "securityTxtUrl"]),
  };
}
