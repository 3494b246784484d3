export interface SignoffTable {
  id: string;
  org_id: string;
  product_id: string;
  assessment_id: string;
  signer_user_id: string | null;
  signer_name: string;
  signer_title: string;
  signed_at: string;
  route: string;
  /** Canonical JSON of the AssessmentSnapshot. */
  snapshot: string;
  snapshot_sha256: string;
  superseded_by: string | null;
  superseded_at: string | null;
}
