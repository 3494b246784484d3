export interface DocumentInputsTable {
  id: string;
  org_id: string;
  product_id: string;
  /** JSON: DocumentInputs (documents/inputs.schema.ts). */
  data: string;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

export interface DocumentVersionTable {
  id: string;
  org_id: string;
  product_id: string;
  /** vulnerability-disclosure-policy | update-procedure | security-update-policy | user-security-information */
  kind: string;
  version: number;
  number: string;
  /** Japanese title at publication. */
  title: string;
  /** JSON: the inputs and product/organisation facts the version was rendered from. */
  inputs: string;
  /** JSON: { ja: { md, html, pdf }, en: {…}, securityTxt } — SHA-256 of the stored blobs (pdf/securityTxt may be null). */
  files: string;
  /** JSON: ids of the evidence records created for this version ({ ja, en }). */
  evidence_ids: string;
  published_at: string;
  published_by: string | null;
}
