import type { Selectable } from "kysely";
import { AppError } from "../errors/app-error.ts";
import { open, seal } from "../secrets/secret-box.ts";
import type { AccountDeps } from "./account-deps.ts";
import type { UserTable } from "./accounts.table.ts";
import { issueRecoveryCodes } from "./recovery-codes.ts";
import { matchTotp, newTotpSecret, otpauthUri } from "./totp.ts";

const secretName = (userId: string) => `totp:${userId}`;

/**
 * True when the code matches the user's TOTP secret for a time step later than the last one accepted
 * (a code works once). Records the accepted step.
 */
export async function checkTotp(
  deps: AccountDeps,
  row: Selectable<UserTable>,
  code: string,
): Promise<boolean> {
  if (!row.totp_secret) return false;
  const secret = open(deps.instanceKey, secretName(row.id), row.totp_secret);
  const step = matchTotp(secret, code, deps.now());
  if (step === null || (row.totp_last_step !== null && step <= row.totp_last_step)) return false;
  const updated = await deps.db
    .updateTable("users")
    .set({ totp_last_step: step })
    .where("id", "=", row.id)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Starts TOTP enrolment: a new secret, stored encrypted but not yet enabled. */
export async function beginTotp(
  deps: AccountDeps,
  userId: string,
): Promise<{ secret: string; otpauthUri: string }> {
  const user = await deps.db
    .selectFrom("users")
    .select(["email", "totp_enabled", "totp_secret"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) throw new AppError("NOT_FOUND", { entity: "User", id: userId });
  // An enabled second factor is never replaced silently: a stolen session must not be able to re-enrol it.
  if (user.totp_enabled === 1) throw new AppError("ALREADY_EXISTS", { entity: "TOTP", key: user.email });
  // A pending enrolment is resumed, not replaced: a second request (a reload, a double click) must not
  // invalidate the secret the user is already typing into an authenticator app.
  if (user.totp_secret) {
    const pending = open(deps.instanceKey, secretName(userId), user.totp_secret);
    return { secret: pending, otpauthUri: otpauthUri(pending, user.email) };
  }
  const secret = newTotpSecret();
  await deps.db
    .updateTable("users")
    .set({
      totp_secret: seal(deps.instanceKey, secretName(userId), secret),
      totp_enabled: 0,
      totp_last_step: null,
    })
    .where("id", "=", userId)
    .execute();
  return { secret, otpauthUri: otpauthUri(secret, user.email) };
}

/**
 * Enables TOTP once the user shows a valid code for the pending secret, and issues the first ten recovery codes
 * (returned in clear this once; stored hashed).
 */
export async function enableTotp(
  deps: AccountDeps,
  userId: string,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const row = await deps.db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
  if (!row?.totp_secret) throw new AppError("TOTP_INVALID");
  // Enabled once: a second "enable" must not mint recovery codes without the password.
  if (row.totp_enabled === 1) throw new AppError("ALREADY_EXISTS", { entity: "TOTP", key: row.email });
  if (!(await checkTotp(deps, row, code))) throw new AppError("TOTP_INVALID");
  await deps.db.updateTable("users").set({ totp_enabled: 1 }).where("id", "=", userId).execute();
  return { recoveryCodes: await issueRecoveryCodes(deps.db, userId, deps.now(), "enrolment") };
}
