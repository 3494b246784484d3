import type { Selectable } from "kysely";
import { z } from "zod";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import type { AccountDeps } from "./account-deps.ts";
import type { UserTable } from "./accounts.table.ts";
import {
  type AttemptKeys,
  lockedSeconds,
  releaseAttempt,
  reserveAttempt,
  settleFailure,
  settleSuccess,
} from "./login-counters.ts";
import { DUMMY_HASH, verifyPassword } from "./password.ts";
import { consumeRecoveryCode } from "./recovery-codes.ts";
import { checkTotp } from "./totp-enrolment.ts";
import { toUser, type User } from "./users.ts";

export const loginSchema = z
  .object({
    email: z.string().trim().toLowerCase().min(1).max(254),
    password: z.string().min(1).max(256),
    /** The 6-digit TOTP code, or one of the user's recovery codes instead. */
    totp: z.string().trim().max(40).optional(),
  })
  .strict();

/**
 * The second factor: a 6-digit TOTP code (full-width digits and spaces allowed), or — where `recovery` allows it
 * (sign-in) — a single-use recovery code, spent on success.
 */
async function checkSecondFactor(
  deps: AccountDeps,
  row: Selectable<UserTable>,
  typed: string,
  recovery: boolean,
): Promise<boolean> {
  const digits = typed.normalize("NFKC").replace(/\s/g, "");
  if (/^\d{6}$/.test(digits)) return checkTotp(deps, row, digits);
  return recovery && consumeRecoveryCode(deps.db, row.id, typed, deps.now());
}

/** The lockout counter key of an account (by e-mail, so that unknown accounts are counted too). */
export const accountKey = (email: string) => `acct:${email}`;

/**
 * Checks a password (and the second factor when the user has one) under the lockout: a failure is
 * reserved atomically *before* the password is evaluated, so racing requests evaluate at most
 * `maxAccountFailures` passwords per lockout period, across every server process. A locked account
 * (or address) is refused with LOCKED_OUT without evaluating anything, so the correct password does
 * not get in while the lockout lasts. Wrong passwords, wrong TOTP codes and wrong recovery codes count as
 * failures; a missing TOTP code does not. Used by sign-in (which alone accepts a recovery code instead of the
 * TOTP code) and by every confirmation of the current password.
 */
export async function checkCredentials(
  deps: AccountDeps,
  keys: AttemptKeys,
  loadRow: () => Promise<Selectable<UserTable> | undefined>,
  secrets: { password: string; totp?: string | undefined },
  options: { recoveryCode?: boolean } = {},
): Promise<Selectable<UserTable>> {
  const now = deps.now();
  const granted = await reserveAttempt(deps.db, deps.authPolicy, keys, now);
  const row = await loadRow();
  if (!granted) {
    await settleFailure(deps.db, deps.authPolicy, keys, row?.id ?? null, now);
    throw new AppError("LOCKED_OUT", { seconds: await lockedSeconds(deps.db, keys, now) });
  }
  const verify = deps.verifyPassword ?? verifyPassword;
  const passwordOk = await verify(secrets.password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !passwordOk) {
    await settleFailure(deps.db, deps.authPolicy, keys, row?.id ?? null, now);
    throw new AppError("INVALID_CREDENTIALS");
  }
  if (row.totp_enabled === 1) {
    if (!secrets.totp) {
      await releaseAttempt(deps.db, keys, now);
      throw new AppError("TOTP_REQUIRED");
    }
    if (!(await checkSecondFactor(deps, row, secrets.totp, options.recoveryCode === true))) {
      await settleFailure(deps.db, deps.authPolicy, keys, row.id, now);
      throw new AppError("TOTP_INVALID");
    }
  }
  if (!(await settleSuccess(deps.db, keys, now))) {
    throw new AppError("LOCKED_OUT", { seconds: await lockedSeconds(deps.db, keys, now) });
  }
  return row;
}

/** Checks a sign-in with brute-force protection on by default (see `checkCredentials`). */
export async function login(deps: AccountDeps, input: unknown, address: string | null): Promise<User> {
  const data = parseOrThrow(loginSchema, input);
  const loadRow = () =>
    deps.db.selectFrom("users").selectAll().where("email", "=", data.email).executeTakeFirst();
  const keys = { account: accountKey(data.email), address };
  return toUser(await checkCredentials(deps, keys, loadRow, data, { recoveryCode: true }));
}
