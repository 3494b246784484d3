import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/create-db.ts";
import type { AuthPolicy } from "./account-deps.ts";

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export type Session = { id: string; userId: string; csrfToken: string; expiresAt: string };

/** Opens a session; returns the cookie value (only its hash is stored). */
export async function createSession(
  db: Db,
  policy: AuthPolicy,
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
  now: Date,
): Promise<{ cookie: string; session: Session }> {
  const cookie = randomToken();
  const row = {
    id: sha256(cookie),
    user_id: userId,
    csrf_token: randomToken(24),
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + policy.sessionAbsoluteHours * 3600_000).toISOString(),
    ip: meta.ip,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
  };
  await db.insertInto("sessions").values(row).execute();
  return { cookie, session: { id: row.id, userId, csrfToken: row.csrf_token, expiresAt: row.expires_at } };
}

/**
 * The live session of a cookie, or null when unknown, idle too long or past its absolute expiry
 * (an expired session is deleted). Touches `last_seen_at` at most once a minute.
 */
export async function resolveSession(
  db: Db,
  policy: AuthPolicy,
  cookie: string,
  now: Date,
): Promise<Session | null> {
  const id = sha256(cookie);
  const row = await db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  const idleLimit = Date.parse(row.last_seen_at) + policy.sessionIdleMinutes * 60_000;
  if (now.getTime() > idleLimit || now.getTime() > Date.parse(row.expires_at)) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }
  if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
    await db.updateTable("sessions").set({ last_seen_at: now.toISOString() }).where("id", "=", id).execute();
  }
  return { id, userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}
