import { z } from "zod";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import type { AccountDeps } from "./account-deps.ts";
import { clearAccount, lockedFor, recordFailure } from "./login-counters.ts";
import { DUMMY_HASH, verifyPassword } from "./password.ts";
import { checkTotp } from "./totp-enrolment.ts";
import { toUser, type User } from "./users.ts";

export const loginSchema = z
  .object({
    email: z.string().trim().toLowerCase().min(1).max(254),
    password: z.string().min(1).max(256),
    totp: z.string().trim().max(10).optional(),
  })
  .strict();

/**
 * Checks a sign-in with brute-force protection on by default:
 * a locked account (or address) is refused with LOCKED_OUT *before* the password is checked, so the
 * correct password does not get in while the lockout lasts. Wrong passwords and wrong TOTP codes count
 * as failures; a missing TOTP code does not.
 */
export async function login(deps: AccountDeps, input: unknown, address: string | null): Promise<User> {
  const data = parseOrThrow(loginSchema, input);
  const now = deps.now();
  const accountKey = `acct:${data.email}`;
  const locked = Math.max(
    await lockedFor(deps.db, accountKey, now),
    address ? await lockedFor(deps.db, `ip:${address}`, now) : 0,
  );
  if (locked > 0) throw new AppError("LOCKED_OUT", { seconds: locked });

  const row = await deps.db
    .selectFrom("users")
    .selectAll()
    .where("email", "=", data.email)
    .executeTakeFirst();
  const passwordOk = await verifyPassword(data.password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !passwordOk) {
    await recordFailure(deps.db, deps.authPolicy, { account: accountKey, address }, row?.id ?? null, now);
    throw new AppError("INVALID_CREDENTIALS");
  }
  if (row.totp_enabled === 1) {
    if (!data.totp) throw new AppError("TOTP_REQUIRED");
    if (!(await checkTotp(deps, row, data.totp))) {
      await recordFailure(deps.db, deps.authPolicy, { account: accountKey, address }, row.id, now);
      throw new AppError("TOTP_INVALID");
    }
  }
  await clearAccount(deps.db, accountKey);
  return toUser(row);
}
