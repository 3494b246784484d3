import type { ProfileService } from "../profile/schema.ts";

/**
 * How one login attempt ended, judged only by the protocol's own answer:
 * - `accepted`: the service let the client in (HTTP 2xx/3xx, CONNACK 0, SSH USERAUTH_SUCCESS, FTP 230, a shell prompt);
 * - `refused`: the protocol's own refusal (HTTP 401/403, CONNACK 4/5, SSH USERAUTH_FAILURE or "Too many
 *   authentication failures", FTP 530, Telnet's login prompt again);
 * - `throttled`: the service said "slow down" (HTTP 429/503, FTP 421, CONNACK 3 server unavailable);
 * - `blocked`: a service that answered before now refuses or drops the connection before any login
 *   exchange (a source block is one explanation, a crash another);
 * - `error`: anything else (TLS error, timeout, reset, an answer we do not understand). Never a refusal.
 */
export type Outcome = "accepted" | "refused" | "throttled" | "blocked" | "error";

/** One login attempt. */
export interface Attempt {
  outcome: Outcome;
  /** The protocol reply in short printable form, e.g. `HTTP 401`, `CONNACK 5 (not authorised)`. */
  reply: string;
  /** HTTP status, FTP reply code or CONNACK return code when there was one. */
  status?: number;
  /** Time from sending the credentials to the verdict of the service, in ms (monotonic clock). */
  latencyMs: number;
  /** True when the service closed the connection after this attempt. */
  closed: boolean;
  /** True when this attempt needed a new connection because the service had closed the previous one. */
  reconnected: boolean;
  /** Seconds the service asked the client to wait (HTTP Retry-After). */
  retryAfterSeconds?: number;
  /** Error code or message for `error` and `blocked` outcomes (ECONNRESET, TIMEOUT, TLS alert …). */
  error?: string;
}

/** A login conversation with one service; reconnects by itself when the service closed the connection. */
export interface LoginSession {
  /** One attempt with these credentials; `null` password means "no credentials at all" (anonymous). */
  attempt(username: string | null, password: string | null): Promise<Attempt>;
  /** Closes any open connection. */
  close(): void;
}

/** Where and how to log in. */
export interface LoginTarget {
  /** Address to connect to (the profile host, resolved). */
  address: string;
  /** The profile host as written (TLS server name). */
  hostName: string;
  service: Pick<ProfileService, "id" | "protocol" | "port" | "auth">;
  /** Time limit of establishing a connection (and reading the greeting), ms. */
  connectTimeoutMs: number;
  /** Time limit of one attempt once the credentials are sent, ms (long enough for failure delays). */
  attemptTimeoutMs: number;
}

/** Printable, single-line, at most `max` characters. */
export function shortText(value: string, max = 120): string {
  const clean = value
    .replace(/[^\x20-\x7e\u3000-\u9fff]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Monotonic milliseconds (performance.now), rounded to 0.1 ms. */
export function monoMs(): number {
  return Math.round(performance.now() * 10) / 10;
}
