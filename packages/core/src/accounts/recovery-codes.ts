import { randomBytes } from "node:crypto";
import { appendAudit } from "../audit/audit-log.ts";
import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";
import { hashWithSalt, saltOf } from "./password.ts";

/** How many recovery codes a set holds. */
export const RECOVERY_CODE_COUNT = 10;
/** Unambiguous characters (no 0/O, 1/I): 32 of them, 5 bits each; 12 characters = 60 bits. */
const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const CODE_LENGTH = 12;
const CODE_PATTERN = new RegExp(`^[${ALPHABET}]{${CODE_LENGTH}}$`);
/** Separators people type or paste between the groups (ASCII and Japanese dashes, spaces). */
const SEPARATORS = /[\s\-‐‑‒–—―−ー]/gu;

/** A new code as shown to people: `ABCD-EFGH-JKLM`. */
export function newRecoveryCode(): string {
  const chars = [...randomBytes(CODE_LENGTH)].map((b) => ALPHABET[b & 31]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** The canonical form of a typed recovery code (full-width, lower case, dashes and spaces allowed), or null. */
export function normaliseRecoveryCode(typed: string): string | null {
  const clean = typed.normalize("NFKC").toUpperCase().replace(SEPARATORS, "");
  return CODE_PATTERN.test(clean) ? clean : null;
}

export type RecoveryCodeStatus = { remaining: number; total: number; createdAt: string | null };

/** How many codes of the user's current set are left (total 0: none was ever issued). */
export async function recoveryCodeStatus(db: Db, userId: string): Promise<RecoveryCodeStatus> {
  const rows = await db
    .selectFrom("recovery_codes")
    .select(["used_at", "created_at"])
    .where("user_id", "=", userId)
    .execute();
  return {
    remaining: rows.filter((r) => r.used_at === null).length,
    total: rows.length,
    createdAt: rows[0]?.created_at ?? null,
  };
}

/**
 * Replaces the user's recovery codes with a new set of ten and returns them in clear, the only time they are
 * seen: only their scrypt hashes are stored. The old set stops working in the same transaction, audited.
 */
export async function issueRecoveryCodes(
  db: Db,
  userId: string,
  now: Date,
  reason: "enrolment" | "regenerated",
): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const salt = randomBytes(16);
  const hashes = await Promise.all(codes.map((c) => hashWithSalt(normaliseRecoveryCode(c) ?? c, salt)));
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
    await trx
      .insertInto("recovery_codes")
      .values(hashes.map((code_hash) => ({ id: newId("rcv"), user_id: userId, code_hash, created_at: at })))
      .execute();
    const action = reason === "enrolment" ? "recovery-codes.issued" : "recovery-codes.regenerated";
    await appendAudit(
      trx,
      {
        orgId: null,
        actor: userId,
        action,
        entityType: "user",
        entityId: userId,
        data: { count: codes.length },
      },
      now,
    );
  });
  return codes;
}

/**
 * Spends one recovery code of the user: true when the typed code is an unused code of the current set. The code
 * is hashed once (the set's salt) and marked used by one conditional UPDATE, so two requests racing with the same
 * code cannot both succeed, on SQLite and PostgreSQL alike. The use is audited with the count left. The caller
 * holds the sign-in lockout's reservation, so wrong codes count as failed sign-ins.
 */
export async function consumeRecoveryCode(
  db: Db,
  userId: string,
  typed: string,
  now: Date,
): Promise<boolean> {
  const code = normaliseRecoveryCode(typed);
  const any = await db
    .selectFrom("recovery_codes")
    .select("code_hash")
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirst();
  const salt = any ? saltOf(any.code_hash) : null;
  if (!code || !salt) return false;
  const hash = await hashWithSalt(code, salt);
  return db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable("recovery_codes")
      .set({ used_at: now.toISOString() })
      .where("user_id", "=", userId)
      .where("code_hash", "=", hash)
      .where("used_at", "is", null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return false;
    const left = await trx
      .selectFrom("recovery_codes")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", userId)
      .where("used_at", "is", null)
      .executeTakeFirstOrThrow();
    await appendAudit(
      trx,
      {
        orgId: null,
        actor: userId,
        action: "recovery-code.used",
        entityType: "user",
        entityId: userId,
        data: { remaining: Number(left.n) },
      },
      now,
    );
    return true;
  });
}
