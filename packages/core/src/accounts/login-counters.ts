import { sql } from "kysely";
import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";
import type { AuthPolicy } from "./account-deps.ts";

/** The counters one sign-in (or password confirmation) touches: its account and, when known, its address. */
export type AttemptKeys = { account: string; address: string | null };

const addressKey = (keys: AttemptKeys) => (keys.address ? `ip:${keys.address}` : null);

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

const notLocked = (iso: string) =>
  sql<boolean>`(login_counters.locked_until is null or login_counters.locked_until <= ${iso})`;

/**
 * One statement (an upsert with a condition): takes a slot when fewer than `limit` are taken and the
 * key is not locked; a counter with a `windowStart` whose window is older starts again at one.
 */
async function take(db: Db, key: string, limit: number, iso: string, windowStart?: string): Promise<boolean> {
  const stale = windowStart
    ? sql<boolean>`(login_counters.window_started_at < ${windowStart})`
    : sql<boolean>`(1 = 0)`;
  const taken = await db
    .insertInto("login_counters")
    .values({ key, failures: 1, window_started_at: iso, locked_until: null, lockouts: 0, updated_at: iso })
    .onConflict((oc) =>
      oc
        .column("key")
        .doUpdateSet({
          failures: sql`case when ${stale} then 1 else login_counters.failures + 1 end`,
          window_started_at: sql`case when ${stale} then ${iso} else login_counters.window_started_at end`,
          updated_at: iso,
        })
        .where(sql<boolean>`${notLocked(iso)} and (login_counters.failures < ${limit} or ${stale})`),
    )
    .returning("failures")
    .executeTakeFirst();
  return taken !== undefined;
}

/** Gives a slot back (a correct password, a refused reservation of the other key). */
async function release(db: Db, key: string, iso: string): Promise<void> {
  await db
    .updateTable("login_counters")
    .set((eb) => ({ failures: eb("failures", "-", 1), updated_at: iso }))
    .where("key", "=", key)
    .where("failures", ">", 0)
    .execute();
}

/** Seconds to wait before the account or the address may try again (at least 1 while refused). */
export async function lockedSeconds(db: Db, keys: AttemptKeys, now: Date): Promise<number> {
  const address = addressKey(keys);
  const seconds = Math.max(
    await lockedFor(db, keys.account, now),
    address ? await lockedFor(db, address, now) : 0,
  );
  return Math.max(seconds, 1);
}

/**
 * Reserves one failure on the account and the address *before* a password is checked, with one
 * conditional statement each in the database (shared by every server process): at most
 * `maxAccountFailures` checks can be under way or failed per lockout period, however many requests
 * race. False when refused: call `settleFailure` then (it locks a full counter, so that a check
 * that never settled cannot leave the account refused for ever). A correct password gives the
 * reservation back (`settleSuccess`); a wrong one keeps it (`settleFailure`).
 */
export async function reserveAttempt(
  db: Db,
  policy: AuthPolicy,
  keys: AttemptKeys,
  now: Date,
): Promise<boolean> {
  const iso = now.toISOString();
  if (!(await take(db, keys.account, policy.maxAccountFailures, iso))) return false;
  const address = addressKey(keys);
  if (!address) return true;
  // Address counters count within a window.
  const windowStart = new Date(now.getTime() - policy.addressWindowSeconds * 1000).toISOString();
  if (await take(db, address, policy.maxAddressFailures, iso, windowStart)) return true;
  await release(db, keys.account, iso);
  return false;
}

/** Locks `key` once its reserved failures reach the limit; only one racing caller records the lockout. */
async function lockIfFull(
  db: Db,
  policy: AuthPolicy,
  key: string,
  isAccount: boolean,
  event: { userId: string | null; ip: string | null },
  now: Date,
): Promise<void> {
  const limit = isAccount ? policy.maxAccountFailures : policy.maxAddressFailures;
  const row = await db.selectFrom("login_counters").selectAll().where("key", "=", key).executeTakeFirst();
  if (!row || row.failures < limit) return;
  const seconds = isAccount
    ? Math.min(policy.baseLockoutSeconds * 2 ** row.lockouts, policy.maxLockoutSeconds)
    : policy.addressWindowSeconds;
  const iso = now.toISOString();
  const until = new Date(now.getTime() + seconds * 1000).toISOString();
  const locked = await db
    .updateTable("login_counters")
    .set({
      locked_until: until,
      lockouts: row.lockouts + 1,
      // After an account lockout one more failure locks again (for twice as long); an address starts anew.
      failures: isAccount ? limit - 1 : 0,
      ...(isAccount ? {} : { window_started_at: iso }),
      updated_at: iso,
    })
    .where("key", "=", key)
    .where("failures", ">=", limit)
    .where("lockouts", "=", row.lockouts)
    .executeTakeFirst();
  if (Number(locked.numUpdatedRows) !== 1) return;
  await db
    .insertInto("lockout_events")
    .values({
      id: newId("lck"),
      key,
      user_id: event.userId,
      ip: event.ip,
      at: iso,
      until,
      failures: row.failures,
    })
    .execute();
}

/**
 * A reserved attempt failed (wrong password or second factor): the reservation stays counted, and the
 * account locks from its `maxAccountFailures`th consecutive failure, for a time that doubles with each
 * lockout; the address locks after many failures within a window.
 */
export async function settleFailure(
  db: Db,
  policy: AuthPolicy,
  keys: AttemptKeys,
  userId: string | null,
  now: Date,
): Promise<void> {
  await lockIfFull(db, policy, keys.account, true, { userId, ip: keys.address }, now);
  const address = addressKey(keys);
  if (address) await lockIfFull(db, policy, address, false, { userId: null, ip: keys.address }, now);
}

/**
 * A reserved attempt succeeded: the account's counter clears and the address gets its slot back —
 * unless the account was locked meanwhile (racing requests filled every slot): then false, and the
 * correct password is refused like any other while the lockout lasts.
 */
export async function settleSuccess(db: Db, keys: AttemptKeys, now: Date): Promise<boolean> {
  const iso = now.toISOString();
  const address = addressKey(keys);
  if (address) await release(db, address, iso);
  const cleared = await db
    .deleteFrom("login_counters")
    .where("key", "=", keys.account)
    .where(notLocked(iso))
    .executeTakeFirst();
  return Number(cleared.numDeletedRows) === 1 || (await lockedFor(db, keys.account, now)) === 0;
}

/** A reserved attempt that neither failed nor succeeded (the second factor was not sent): both slots back. */
export async function releaseAttempt(db: Db, keys: AttemptKeys, now: Date): Promise<void> {
  await release(db, keys.account, now.toISOString());
  const address = addressKey(keys);
  if (address) await release(db, address, now.toISOString());
}

/** A successful sign-in clears the account's counter (not the address's). */
export async function clearAccount(db: Db, accountKey: string): Promise<void> {
  await db.deleteFrom("login_counters").where("key", "=", accountKey).execute();
}
