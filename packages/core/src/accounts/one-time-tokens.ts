import type { Selectable } from "kysely";
import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";
import type { OneTimeTokenTable } from "./accounts.table.ts";
import { randomToken, sha256 } from "./sessions.ts";

export type OneTimePurpose = "invitation" | "password_reset";

/** Issues a single-use token (invitation or password reset); only its hash is stored. */
export async function issueOneTimeToken(
  db: Db,
  purpose: OneTimePurpose,
  fields: {
    userId?: string | null;
    orgId?: string | null;
    email?: string | null;
    role?: string | null;
    createdBy?: string | null;
  },
  validHours: number,
  now: Date,
): Promise<{ token: string; expiresAt: string }> {
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + validHours * 3600_000).toISOString();
  await db
    .insertInto("one_time_tokens")
    .values({
      id: sha256(token),
      purpose,
      user_id: fields.userId ?? null,
      org_id: fields.orgId ?? null,
      email: fields.email ?? null,
      role: fields.role ?? null,
      created_by: fields.createdBy ?? null,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  return { token, expiresAt };
}

/** A live token of the purpose, or TOKEN_INVALID. Does not consume it. */
export async function peekOneTimeToken(
  db: Db,
  purpose: OneTimePurpose,
  token: string,
  now: Date,
): Promise<Selectable<OneTimeTokenTable>> {
  const row = await db
    .selectFrom("one_time_tokens")
    .selectAll()
    .where("id", "=", sha256(token))
    .where("purpose", "=", purpose)
    .executeTakeFirst();
  if (!row || row.used_at || Date.parse(row.expires_at) <= now.getTime()) throw new AppError("TOKEN_INVALID");
  return row;
}

/** Marks a token used; only one caller can win (TOKEN_INVALID for the others). */
export async function consumeOneTimeToken(db: Db, tokenId: string, now: Date): Promise<void> {
  const result = await db
    .updateTable("one_time_tokens")
    .set({ used_at: now.toISOString() })
    .where("id", "=", tokenId)
    .where("used_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new AppError("TOKEN_INVALID");
}
