import type { Db } from "../db/create-db.ts";
import { sha256 } from "./sessions.ts";

/**
 * How many password-reset requests are taken per window: per e-mail address (known or not, so that the
 * answer says nothing) and per client address. Requests over a limit get the same answer, but no token and no mail.
 */
export const RESET_THROTTLE = { windowSeconds: 3600, perAccount: 5, perAddress: 5 } as const;

/** The counter keys of a request: the e-mail is stored hashed, since unknown addresses are counted too. */
export function resetCounterKeys(email: string, address: string | null): string[] {
  return [`reset:acct:${sha256(email)}`, ...(address ? [`reset:ip:${address}`] : [])];
}

/**
 * Counts one request on a key and returns the count in the current window, in ONE statement (insert, or update
 * that restarts an expired window): concurrent requests and several server processes each get their own count.
 */
async function countRequest(db: Db, key: string, now: Date, windowSeconds: number): Promise<number> {
  const iso = now.toISOString();
  const windowStart = new Date(now.getTime() - windowSeconds * 1000).toISOString();
  const row = await db
    .insertInto("reset_counters")
    .values({ key, count: 1, window_started_at: iso, updated_at: iso })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet((eb) => {
        const expired = eb("reset_counters.window_started_at", "<", windowStart);
        return {
          count: eb
            .case()
            .when(expired)
            .then(1)
            .else(eb("reset_counters.count", "+", 1))
            .end(),
          window_started_at: eb
            .case()
            .when(expired)
            .then(iso)
            .else(eb.ref("reset_counters.window_started_at"))
            .end(),
          updated_at: iso,
        };
      }),
    )
    .returning("count")
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Counts a reset request on every key; true while each key is within its limit. */
export async function takeResetAllowance(
  db: Db,
  email: string,
  address: string | null,
  now: Date,
  limits: { windowSeconds: number; perAccount: number; perAddress: number } = RESET_THROTTLE,
): Promise<boolean> {
  let allowed = true;
  for (const key of resetCounterKeys(email, address)) {
    const count = await countRequest(db, key, now, limits.windowSeconds);
    const limit = key.startsWith("reset:acct:") ? limits.perAccount : limits.perAddress;
    if (count > limit) allowed = false;
  }
  return allowed;
}
