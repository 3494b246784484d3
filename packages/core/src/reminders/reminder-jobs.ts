import { expireLabels } from "../application/expire.ts";
import type { CoreDeps } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { enqueueJob } from "../jobs/jobs.ts";
import { type Reminder, reminderDue, remindersOf } from "./reminders.ts";

export const REMINDER_SCAN = "reminders.scan";
export const REMINDER_EMAIL = "reminders.email";

/** Sends one e-mail; null when no SMTP server is configured. */
export type SendMail = ((to: string, subject: string, text: string) => Promise<void>) | null;

/** Queues today's reminder scan once (every server process may call this; the dedupe key keeps one). */
export async function scheduleReminderScan(db: Db, now: Date): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  await enqueueJob(db, { kind: REMINDER_SCAN, payload: { day }, dedupeKey: `${REMINDER_SCAN}:${day}` }, now);
}

/**
 * The daily scan (a job): expires labels past their validity, then queues one e-mail job per reminder that is due (within the lead time, or overdue) —
 * deduplicated by the reminder's id, so a reminder is e-mailed once however many scans or servers run — and
 * queues tomorrow's scan.
 */
export async function scanReminders(deps: CoreDeps): Promise<{ queued: number; expired: number }> {
  const { expired } = await expireLabels(deps);
  const now = deps.now();
  const today = now.toISOString().slice(0, 10);
  let queued = 0;
  for (const r of await remindersOf(deps, null)) {
    if (!reminderDue(r, today)) continue;
    await enqueueJob(
      deps.db,
      {
        kind: REMINDER_EMAIL,
        orgId: r.orgId,
        payload: r,
        dedupeKey: `reminder-mail:${r.orgId}:${r.id}`,
        maxAttempts: 5,
      },
      now,
    );
    queued += 1;
  }
  const tomorrow = new Date(`${today}T00:05:00Z`);
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  const next = tomorrow.toISOString().slice(0, 10);
  await enqueueJob(
    deps.db,
    { kind: REMINDER_SCAN, payload: { day: next }, runAt: tomorrow, dedupeKey: `${REMINDER_SCAN}:${next}` },
    now,
  );
  return { queued, expired };
}

/** The subject and text of a reminder e-mail (Japanese first, then English). */
export function reminderMail(r: Reminder): { subject: string; text: string } {
  const late = r.overdue ? "（期限超過 / overdue）" : "";
  return {
    subject: `[jcstar] ${r.title.ja} ${r.dueOn}${late}`,
    text:
      `${r.title.ja}: ${r.dueOn}${late}\n\n${r.title.en}: ${r.dueOn}\n\n` +
      "jcstar のリマインダーです。ワークスペースの「申請」画面で確認してください。\n" +
      "A reminder from jcstar; see Applications in the workspace.\n",
  };
}

/** Who is told: the organisation's owners and editors. */
export async function reminderRecipients(db: Db, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select("users.email")
    .where("memberships.org_id", "=", orgId)
    .where("memberships.role", "in", ["owner", "editor"])
    .orderBy("users.email")
    .execute();
  return rows.map((r) => r.email).filter((e): e is string => !!e);
}

/** The e-mail job: sends the reminder to the organisation's owners and editors when SMTP is configured. */
export async function sendReminderEmail(
  db: Db,
  reminder: Reminder,
  send: SendMail,
): Promise<{ sent: number; skipped?: string }> {
  if (!send) return { sent: 0, skipped: "SMTP is not configured" };
  const to = await reminderRecipients(db, reminder.orgId);
  const mail = reminderMail(reminder);
  for (const address of to) await send(address, mail.subject, mail.text);
  return { sent: to.length };
}
