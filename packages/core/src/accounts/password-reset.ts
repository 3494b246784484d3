import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import type { Lang } from "../i18n/text.ts";
import { enqueueJob, type Job } from "../jobs/jobs.ts";
import { instancePublicUrl, type PublicUrlDeps } from "../settings/public-url.ts";
import { consumeOneTimeToken, issueOneTimeToken, peekOneTimeToken } from "./one-time-tokens.ts";
import { PASSWORD_RESET_JOB } from "./reset-job.ts";
import { takeResetAllowance } from "./reset-throttle.ts";
import { sha256 } from "./sessions.ts";
import { emailSchema, passwordSchema, setPassword } from "./users.ts";

export const RESET_VALID_HOURS = 2;

export { PASSWORD_RESET_JOB };

/** A password-reset token for a user (admin-issued link, or sent by e-mail when SMTP is configured). */
export async function issuePasswordReset(db: Db, userId: string, createdBy: string | null, now: Date) {
  return issueOneTimeToken(db, "password_reset", { userId, createdBy }, RESET_VALID_HOURS, now);
}

const resetJobPayload = z.object({ email: emailSchema, lang: z.enum(["ja", "en"]) }).strict();

/**
 * "Forgot my password": the same work for every address, known or not — count the request (per e-mail address
 * and per client address, accounts/reset-throttle.ts) and, within the limits, queue a job. Nothing is looked up and
 * nothing is sent in the request, so neither the answer nor its time says whether the address has an account.
 * Returns whether a job was queued (the route answers the same either way).
 */
export async function requestPasswordReset(
  deps: { db: Db; now: () => Date },
  input: { email: string; address: string | null; lang: Lang },
): Promise<boolean> {
  const email = input.email.trim().toLowerCase();
  const now = deps.now();
  if (!(await takeResetAllowance(deps.db, email, input.address, now))) return false;
  await enqueueJob(deps.db, { kind: PASSWORD_RESET_JOB, payload: { email, lang: input.lang } }, now);
  return true;
}

/** Sends one reset e-mail (throws when the server refuses it). */
export type SendResetMail = (to: string, url: string, lang: Lang) => Promise<void>;

/**
 * The job of {@link requestPasswordReset}: for an address with an account, a new single-use token and the e-mail
 * with its link. Nothing happens (no token, no mail) without an account, without SMTP (`send` null) or while
 * the instance has no public URL. A refused e-mail deletes its token and fails the attempt (retried). Once done,
 * the job forgets the address (the queue keeps no list of the addresses people asked about).
 */
export async function sendPasswordResetMail(
  deps: PublicUrlDeps & { now: () => Date },
  job: Pick<Job, "id" | "payload">,
  send: SendResetMail | null,
): Promise<null> {
  const parsed = resetJobPayload.safeParse(job.payload);
  if (!parsed.success) return null;
  const { email, lang } = parsed.data;
  const base = await instancePublicUrl(deps);
  const user = await deps.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
  if (send && base && user) {
    const issued = await issuePasswordReset(deps.db, user.id, null, deps.now());
    try {
      await send(email, `${base}/reset/${issued.token}`, lang);
    } catch (error) {
      await deps.db.deleteFrom("one_time_tokens").where("id", "=", sha256(issued.token)).execute();
      throw error;
    }
  }
  await deps.db
    .updateTable("jobs")
    .set({ payload: JSON.stringify({ done: true }) })
    .where("id", "=", job.id)
    .execute();
  return null;
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
