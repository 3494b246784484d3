import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { randomToken, sha256 } from "./sessions.ts";

export const TOKEN_SCOPES = ["read", "write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const tokenCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    scope: z.enum(TOKEN_SCOPES).default("write"),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

export type ApiToken = {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
};

/** Creates an API token; the secret is returned once and only its hash is stored. */
export async function createApiToken(
  db: Db,
  userId: string,
  input: unknown,
  now: Date,
): Promise<ApiToken & { token: string }> {
  const data = parseOrThrow(tokenCreateSchema, input);
  const id = newId("tok");
  const token = `jcs_${randomToken(30)}`;
  const row = {
    id,
    user_id: userId,
    name: data.name,
    token_hash: sha256(token),
    scope: data.scope,
    created_at: now.toISOString(),
    expires_at: data.expiresInDays
      ? new Date(now.getTime() + data.expiresInDays * 86_400_000).toISOString()
      : null,
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto("api_tokens").values(row).execute();
  return {
    id,
    name: row.name,
    scope: data.scope,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: null,
    token,
  };
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom("api_tokens")
    .selectAll()
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scope: r.scope as TokenScope,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
  }));
}

export async function revokeApiToken(db: Db, userId: string, tokenId: string, now: Date): Promise<void> {
  const result = await db
    .updateTable("api_tokens")
    .set({ revoked_at: now.toISOString() })
    .where("id", "=", tokenId)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new AppError("NOT_FOUND", { entity: "Token", id: tokenId });
}

/** The user and scope of a live token, or null (unknown, revoked or expired). */
export async function resolveApiToken(
  db: Db,
  token: string,
  now: Date,
): Promise<{ userId: string; scope: TokenScope; tokenId: string } | null> {
  if (!token.startsWith("jcs_")) return null;
  const row = await db
    .selectFrom("api_tokens")
    .selectAll()
    .where("token_hash", "=", sha256(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || (row.expires_at && Date.parse(row.expires_at) <= now.getTime())) return null;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await db
      .updateTable("api_tokens")
      .set({ last_used_at: now.toISOString() })
      .where("id", "=", row.id)
      .execute();
  }
  return { userId: row.user_id, scope: row.scope as TokenScope, tokenId: row.id };
}
