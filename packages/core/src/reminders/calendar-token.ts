import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/create-db.ts";

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

/** Issues (or replaces) a user's secret calendar token; only its hash is stored. Returns the token once. */
export async function issueCalendarToken(db: Db, userId: string, now: Date): Promise<string> {
  const token = `cal_${randomBytes(24).toString("base64url")}`;
  const at = now.toISOString();
  await db
    .insertInto("calendar_tokens")
    .values({ user_id: userId, token_hash: hash(token), created_at: at })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ token_hash: hash(token), created_at: at }))
    .execute();
  return token;
}

/** The user a calendar token belongs to, or null (unknown or replaced token). */
export async function calendarTokenUser(db: Db, token: string): Promise<string | null> {
  if (!/^cal_[A-Za-z0-9_-]{32}$/.test(token)) return null;
  const row = await db
    .selectFrom("calendar_tokens")
    .select("user_id")
    .where("token_hash", "=", hash(token))
    .executeTakeFirst();
  return row?.user_id ?? null;
}
