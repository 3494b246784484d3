import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";
import type { AuthPolicy } from "./account-deps.ts";

/** Seconds left of a lockout on `key`, or 0. */
export async function lockedFor(db: Db, key: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom("login_counters")
    .select("locked_until")
    .where("key", "=", key)
    .executeTakeFirst();
  if (!row?.locked_until) return 0;
  const ms = Date.parse(row.locked_until) - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/**
 * Counts a failed sign-in on an account and on an address, atomically in the database (shared by every
 * server process). The account locks from its `maxAccountFailures`th consecutive failure, for a time that
 * doubles with each lockout; the address locks after many failures within a window.
 */
export async function recordFailure(
  db: Db,
  policy: AuthPolicy,
  keys: { account: string; address: string | null },
  userId: string | null,
  now: Date,
): Promise<void> {
  const iso = now.toISOString();
  await db.transaction().execute(async (trx) => {
    for (const key of [keys.account, keys.address ? `ip:${keys.address}` : null]) {
      if (!key) continue;
      await trx
        .insertInto("login_counters")
        .values({
          key,
          failures: 0,
          window_started_at: iso,
          locked_until: null,
          lockouts: 0,
          updated_at: iso,
        })
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
      const isAccount = key === keys.account;
      if (!isAccount) {
        // Address counters count within a sliding window.
        const windowStart = new Date(now.getTime() - policy.addressWindowSeconds * 1000).toISOString();
        await trx
          .updateTable("login_counters")
          .set({ failures: 0, window_started_at: iso })
          .where("key", "=", key)
          .where("window_started_at", "<", windowStart)
          .execute();
      }
      await trx
        .updateTable("login_counters")
        .set((eb) => ({ failures: eb("failures", "+", 1), updated_at: iso }))
        .where("key", "=", key)
        .execute();
      const row = await trx
        .selectFrom("login_counters")
        .selectAll()
        .where("key", "=", key)
        .executeTakeFirstOrThrow();
      const limit = isAccount ? policy.maxAccountFailures : policy.maxAddressFailures;
      if (row.failures < limit) continue;
      const seconds = isAccount
        ? Math.min(policy.baseLockoutSeconds * 2 ** row.lockouts, policy.maxLockoutSeconds)
        : policy.addressWindowSeconds;
      const until = new Date(now.getTime() + seconds * 1000).toISOString();
      await trx
        .updateTable("login_counters")
        .set({
          locked_until: until,
          lockouts: row.lockouts + 1,
          ...(isAccount ? {} : { failures: 0, window_started_at: iso }),
        })
        .where("key", "=", key)
        .execute();
      await trx
        .insertInto("lockout_events")
        .values({
          id: newId("lck"),
          key,
          user_id: isAccount ? userId : null,
          ip: keys.address,
          at: iso,
          until,
          failures: row.failures,
        })
        .execute();
    }
  });
}

/** A successful sign-in clears the account's counter (not the address's). */
export async function clearAccount(db: Db, accountKey: string): Promise<void> {
  await db.deleteFrom("login_counters").where("key", "=", accountKey).execute();
}
