export interface AuditEntryTable {
  seq: number;
  at: string;
  org_id: string | null;
  actor: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  /** Canonical JSON of what changed. */
  data: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface AuditCheckpointTable {
  seq: number;
  hash: string;
  signed_at: string;
  key_id: string;
  signature: string;
}

/** The instance's audit signing public keys (Ed25519, SPKI PEM); fingerprint = SHA-256 of the raw 32-byte key, hex. */
export interface AuditKeyTable {
  key_id: string;
  public_key: string;
  fingerprint: string;
  created_at: string;
}
