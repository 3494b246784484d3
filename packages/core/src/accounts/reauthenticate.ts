import { z } from "zod";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import type { AccountDeps } from "./account-deps.ts";
import { accountKey, checkCredentials } from "./login.ts";
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
