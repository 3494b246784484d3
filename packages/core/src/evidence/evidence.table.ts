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
}

export interface EvidenceLinkTable {
  evidence_id: string;
  result_id: string;
  org_id: string;
  created_at: string;
}
