import type { Generated } from "kysely";

export interface EvidenceTable {
  id: string;
  org_id: string;
  /** document | device_test */
  type: string;
  title: string;
  document_name: string | null;
  document_number: string | null;
  document_version: string | null;
  location: string | null;
  url: string | null;
  record_name: string | null;
  result_summary: string | null;
  tested_on: string | null;
  tester: string | null;
  notes: string | null;
  created_at: string;
  created_by: string | null;
  /** photo | video | screenshot | log | document | probe-result | other (files); null for pure references. */
  kind: string | null;
  summary: string | null;
  blob_sha256: string | null;
  original_name: string | null;
  revision: Generated<number>;
  /** The earlier revision this one corrects. */
  supersedes_id: string | null;
  retention_until: string | null;
  deleted_at: string | null;
  deleted_by: string | null;
  /** Device tests filed from a probe run: `probe` or `probe:service`, and the verdict. */
  test_key: string | null;
  test_verdict: string | null;
  /** Imported from a bundle: the original author and time as the bundle claims them (quoted, not verified). */
  claimed_by: string | null;
  claimed_at: string | null;
  /** Where the claim comes from: `bundle <fingerprint> (<trusted key name>)`. */
  claimed_source: string | null;
  /** JSON (evidence-texts.ts): the server-written texts in ja and en; null for rows written by people or before. */
  texts: string | null;
}

export interface BlobTable {
  sha256: string;
  size: number | string;
  media_type: string;
  created_at: string;
}

export interface EvidenceVerificationTable {
  evidence_id: string;
  ok: number;
  problem: string | null;
  checked_at: string;
}

export interface EvidenceLinkTable {
  evidence_id: string;
  result_id: string;
  org_id: string;
  created_at: string;
}
