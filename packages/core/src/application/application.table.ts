export interface ApplicationTable {
  id: string;
  org_id: string;
  product_id: string;
  assessment_id: string;
  /** standard | psti */
  route: string;
  /** ipa (the maker records IPA's steps) | registry (this instance's operators act) */
  channel: string;
  state: string;
  /** JSON array of model-number strings the application covers. */
  model_numbers: string;
  application_number: string | null;
  registration_number: string | null;
  /** IPA's acceptance number (受理番号), as IPA writes it. */
  acceptance_number: string | null;
  /** IPA's provisional registration number (仮登録番号), where IPA gives one. */
  provisional_number: string | null;
  /** The label's status when last written (valid | grace | expired | revoked); see lifecycle.ts. */
  label_status: string | null;
  /** JSON: the frozen readiness snapshot taken when the application became ready. */
  snapshot: string | null;
  snapshot_hash: string | null;
  submitted_on: string | null;
  accepted_on: string | null;
  fee_amount: number | null;
  label_issued_on: string | null;
  /** The label's last valid day as IPA stated it (or this registry's operator entered it): recorded, never computed. */
  label_expires_on: string | null;
  label_evidence_id: string | null;
  renewal_of: string | null;
  version: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
}

export interface ApplicationEventTable {
  id: string;
  org_id: string;
  application_id: string;
  seq: number;
  action: string;
  from_state: string;
  to_state: string;
  /** The date the step happened (YYYY-MM-DD), as told; `at` is when it was recorded. */
  occurred_on: string;
  at: string;
  actor_id: string | null;
  actor_name: string;
  /** maker | operator | system */
  actor_kind: string;
  note: string | null;
  /** JSON: step data (numbers, fee, snapshot hash). */
  data: string;
  /** JSON array of evidence ids (correspondence in the vault). */
  attachments: string;
}

export interface RegistryCounterTable {
  name: string;
  value: number;
}

export interface CalendarTokenTable {
  user_id: string;
  token_hash: string;
  created_at: string;
}
