import { z } from "zod";

/** `user:password`: the first `:` separates the two (an empty password is allowed). */
const pair = z.string().regex(/^[^:]+:/, "user:password (the first ':' separates them)");

/**
 * Profile keys of the `default-credentials` probe (S1.1-01, S1.1-02). Every key is optional.
 * The pairs are public default credentials, not secrets: the device's own password never goes here.
 */
export const defaultCredentialsSchema = z.strictObject({
  /** A file of `user:password` lines (`#` comments) that replaces the shipped list. */
  list: z.string().min(1).optional(),
  /** Pairs tried in addition to the list, e.g. the maker's own former factory default. */
  extra: z.array(pair).max(1000).optional(),
  /** At most this many pairs per service (default: the whole list). */
  maxPairs: z.number().int().min(1).max(5000).optional(),
  /** Pause between attempts in ms, to stay under a device's rate limit (default 0). */
  pauseMs: z.number().int().min(0).max(60_000).optional(),
  /** HTTP paths that must ask for a login, checked without credentials on every http(s) service with `auth`. */
  protectedPaths: z.array(z.string().startsWith("/")).max(100).optional(),
  /** Time limit of one attempt once the credentials are sent, ms (default 20000). */
  attemptTimeoutMs: z.number().int().min(500).max(120_000).optional(),
});

/** Profile keys of the `brute-force` probe (S1.1-04). Every key is optional. */
export const bruteForceSchema = z.strictObject({
  /** Wrong-password attempts per service (default 20). */
  maxAttempts: z.number().int().min(1).max(200).optional(),
  /** How long to watch a lockout to measure its duration, s (default 120; 0 = do not measure). */
  lockoutProbeSeconds: z.number().int().min(0).max(3600).optional(),
  /** Time limit of one attempt once the credentials are sent, ms (default 20000). */
  attemptTimeoutMs: z.number().int().min(500).max(120_000).optional(),
  /** Services to test (default: every service with `auth.username`). */
  services: z.array(z.string().min(1)).optional(),
});

export type DefaultCredentialsSettings = z.output<typeof defaultCredentialsSchema>;
export type BruteForceSettings = z.output<typeof bruteForceSchema>;

/** The keys this file adds to the profile (spread into profileSchema). */
export const credentialsProfileKeys = {
  defaultCredentials: defaultCredentialsSchema.optional(),
  bruteForce: bruteForceSchema.optional(),
};
