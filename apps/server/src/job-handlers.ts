import {
  DEVICE_RUN_JOB,
  executeDeviceRun,
  type JobHandler,
  PASSWORD_RESET_JOB,
  REMINDER_EMAIL,
  REMINDER_SCAN,
  type Reminder,
  scanReminders,
  sendPasswordResetMail,
  sendReminderEmail,
} from "@jcstar/core";
import type { AppDeps } from "./app-env.ts";
import { smtpMailer } from "./mailer.ts";

/**
 * Every kind of background job this server runs, with its handler. A feature that queues jobs
 * (`enqueueJob(db, { kind, … })`) adds its kind here; each server process runs one worker over the shared
 * job table (see packages/core/src/jobs), so several processes never run a job twice.
 */
export function buildJobHandlers(deps: AppDeps): Record<string, JobHandler> {
  return {
    [DEVICE_RUN_JOB]: (job, signal) => executeDeviceRun(deps, job, signal),
    [REMINDER_SCAN]: () => scanReminders(deps),
    [REMINDER_EMAIL]: async (job) => {
      const mailer = await smtpMailer(deps);
      return sendReminderEmail(deps.db, job.payload as Reminder, mailer ? mailer.send : null);
    },
    [PASSWORD_RESET_JOB]: async (job) => {
      const mailer = await smtpMailer(deps);
      return sendPasswordResetMail(deps, job, mailer ? mailer.sendPasswordReset : null);
    },
  };
}
