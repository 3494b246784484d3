/** Registry side: one row per issued label (see docs/registry.md). */
export interface LabelTable {
  id: string;
  registration_number: string;
  star_level: number;
  /** The maker's organisation when the label was issued for a product on this instance. */
  org_id: string | null;
  product_id: string | null;
  product_name: string;
  maker_name: string;
  /** JSON array of strings. */
  model_numbers: string;
  /** ISO dates (YYYY-MM-DD). */
  valid_from: string;
  valid_until: string;
  /** `valid` or `revoked`; "expired" is computed from valid_until. */
  status: string;
  revoked_at: string | null;
  revocation_reason: string | null;
  /** The application this label was issued for (no foreign key, see the migration). */
  application_id: string | null;
  key_id: string;
  /** The signed label payload (compact JWS). */
  payload: string;
  issued_by: string | null;
  issued_at: string;
  version: number;
}

/** The registry's Ed25519 signing keys; the private halves live in the secret store. */
export interface LabelKeyTable {
  kid: string;
  /** JSON: the public JWK. */
  public_jwk: string;
  created_at: string;
  retired_at: string | null;
}

/** Lower-case search terms of a label (the registry search matches their beginning). */
export interface LabelTermTable {
  term: string;
  label_id: string;
}
