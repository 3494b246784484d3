import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { consumeOneTimeToken, issueOneTimeToken, peekOneTimeToken } from "./one-time-tokens.ts";
import { passwordSchema, setPassword } from "./users.ts";

export const RESET_VALID_HOURS = 2;

/** A password-reset token for a user (admin-issued link, or sent by e-mail when SMTP is configured). */
export async function issuePasswordReset(db: Db, userId: string, createdBy: string | null, now: Date) {
  return issueOneTimeToken(db, "password_reset", { userId, createdBy }, RESET_VALID_HOURS, now);
}

/** A reset token for the account with this e-mail, or null when there is none (the caller answers the same either way). */
export async function requestPasswordReset(db: Db, email: string, now: Date) {
  const user = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
  return user ? { userId: user.id, ...(await issuePasswordReset(db, user.id, null, now)) } : null;
}

export const resetSchema = z.object({ token: z.string().min(1).max(200), password: passwordSchema }).strict();

/** Sets a new password with a reset token (single use); every session of the user ends. */
export async function resetPassword(db: Db, input: unknown, now: Date): Promise<void> {
  const data = parseOrThrow(resetSchema, input);
  await db.transaction().execute(async (trx) => {
    const row = await peekOneTimeToken(trx, "password_reset", data.token, now);
    await setPassword(trx, row.user_id ?? "", data.password, now);
    await consumeOneTimeToken(trx, row.id, now);
  });
}
