import { z } from "zod";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import type { AccountDeps } from "./account-deps.ts";
import { accountKey, checkCredentials } from "./login.ts";
import { issueRecoveryCodes } from "./recovery-codes.ts";
import { beginTotp } from "./totp-enrolment.ts";
import { passwordSchema, setPassword } from "./users.ts";

const totpField = z.string().trim().max(10).optional();

/** What a signed-in user shows again before a sensitive change: the current password, and the TOTP code when on. */
export const reauthSchema = z.object({ currentPassword: passwordSchema, totp: totpField }).strict();

export const passwordChangeSchema = z
  .object({ currentPassword: passwordSchema, newPassword: passwordSchema, totp: totpField })
  .strict();

/**
 * Confirms a signed-in user's current password (and second factor when enabled) under the same
 * lockout as sign-in: a wrong current password counts as a failed sign-in of the account.
 */
export async function reauthenticate(
  deps: AccountDeps,
  userId: string,
  secrets: { currentPassword: string; totp?: string | undefined },
  address: string | null,
): Promise<void> {
  const user = await deps.db.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirst();
  if (!user) throw new AppError("UNAUTHENTICATED");
  const loadRow = () => deps.db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
  await checkCredentials(deps, { account: accountKey(user.email), address }, loadRow, {
    password: secrets.currentPassword,
    totp: secrets.totp,
  });
}

/**
 * Changes the signed-in user's password after re-authentication. Every session and every API token
 * of the user is revoked (`setPassword`); the caller opens a fresh session for the current browser.
 */
export async function changePassword(
  deps: AccountDeps,
  userId: string,
  input: unknown,
  address: string | null,
): Promise<void> {
  const data = parseOrThrow(passwordChangeSchema, input);
  await reauthenticate(deps, userId, data, address);
  await setPassword(deps.db, userId, data.newPassword, deps.now(), "newPassword");
}

/** Starts TOTP enrolment after re-authentication (a stolen session alone cannot enrol a second factor). */
export async function beginTotpWithPassword(
  deps: AccountDeps,
  userId: string,
  input: unknown,
  address: string | null,
): Promise<{ secret: string; otpauthUri: string }> {
  const data = parseOrThrow(reauthSchema, input);
  await reauthenticate(deps, userId, data, address);
  return beginTotp(deps, userId);
}

/** A new set of recovery codes needs the current password and a current TOTP code (never a recovery code). */
export const recoveryCodesSchema = z
  .object({ currentPassword: passwordSchema, totp: z.string().trim().min(1).max(40) })
  .strict();

/**
 * Replaces the user's recovery codes after re-authentication with password + TOTP (under the sign-in lockout);
 * the old set stops working. Returns the new codes in clear, the only time they are shown.
 */
export async function regenerateRecoveryCodes(
  deps: AccountDeps,
  userId: string,
  input: unknown,
  address: string | null,
): Promise<{ recoveryCodes: string[] }> {
  const data = parseOrThrow(recoveryCodesSchema, input);
  const user = await deps.db
    .selectFrom("users")
    .select("totp_enabled")
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) throw new AppError("UNAUTHENTICATED");
  if (user.totp_enabled !== 1) throw new AppError("TOTP_SETUP_REQUIRED");
  await reauthenticate(deps, userId, data, address);
  return { recoveryCodes: await issueRecoveryCodes(deps.db, userId, deps.now(), "regenerated") };
}
