export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  /** admin | operator | none */
  instance_role: string;
  /** AES-GCM encrypted TOTP secret (secret store envelope), null until enrolled. */
  totp_secret: string | null;
  totp_enabled: number;
  /** The last TOTP time step accepted, so a code cannot be replayed. */
  totp_last_step: number | null;
  created_at: string;
  updated_at: string;
}

/** A TOTP recovery code: only its scrypt hash (`scrypt$N$r$p$salt$hash`, one salt per user's set). */
export interface RecoveryCodeTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface MembershipTable {
  org_id: string;
  user_id: string;
  /** owner | editor | viewer */
  role: string;
  created_at: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie value: the cookie itself is never stored. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** read | write */
  scope: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginCounterTable {
  /** `acct:<email>` or `ip:<address>` */
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
  lockouts: number;
  updated_at: string;
}

export interface ResetCounterTable {
  /** `reset:acct:<sha256 of the e-mail>` or `reset:ip:<address>` */
  key: string;
  count: number;
  window_started_at: string;
  updated_at: string;
}

export interface LockoutEventTable {
  id: string;
  key: string;
  user_id: string | null;
  ip: string | null;
  at: string;
  until: string;
  failures: number;
}

export interface OneTimeTokenTable {
  /** SHA-256 of the token. */
  id: string;
  /** invitation | password_reset */
  purpose: string;
  user_id: string | null;
  org_id: string | null;
  email: string | null;
  role: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface InstanceSettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface SecretTable {
  name: string;
  /** JSON envelope: { keyId, iv, tag, data } (base64). */
  envelope: string;
  updated_at: string;
}
