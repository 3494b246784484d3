import type { Db } from "../db/create-db.ts";
import type { InstanceKey } from "../secrets/instance-key.ts";

/** Limits of sign-in and sessions; defaults are on and strict (★1 S1.1-04 for ourselves). */
export type AuthPolicy = {
  /** Consecutive failures on one account before it locks. */
  maxAccountFailures: number;
  /** First lockout in seconds; each further lockout doubles it up to `maxLockoutSeconds`. */
  baseLockoutSeconds: number;
  maxLockoutSeconds: number;
  /** Failures from one address within `addressWindowSeconds` before the address is slowed. */
  maxAddressFailures: number;
  addressWindowSeconds: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
};

export const DEFAULT_AUTH_POLICY: AuthPolicy = Object.freeze({
  maxAccountFailures: 5,
  baseLockoutSeconds: 30,
  maxLockoutSeconds: 3600,
  maxAddressFailures: 50,
  addressWindowSeconds: 900,
  sessionIdleMinutes: 120,
  sessionAbsoluteHours: 12,
});

export type AccountDeps = {
  db: Db;
  now: () => Date;
  instanceKey: InstanceKey;
  authPolicy: AuthPolicy;
  /** The password check (default `verifyPassword`); tests inject a counting one. */
  verifyPassword?: ((password: string, stored: string) => Promise<boolean>) | undefined;
};
