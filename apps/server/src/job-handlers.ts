import {
  DEVICE_RUN_JOB,
  executeDeviceRun,
  type Job,
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
import { runRegistryExportJob } from "./registry-export/export-job.ts";
import { REGISTRY_EXPORT_JOB } from "./registry-export/registry-changed.ts";

/**
 * Every kind of background job this server runs, with its handler. A feature that queues jobs
 * (`enqueueJob(db, { kind, … })`) adds its kind here; each server process runs one worker over the shared
 * job table (see packages/core/src/jobs), so several processes never run a job twice.
 */
export function buildJobHandlers(deps: AppDeps): Record<string, JobHandler> {
  return {
    // Only a host that keeps a static copy of the registry claims its export jobs.
    ...(deps.registryExportDir
      ? { [REGISTRY_EXPORT_JOB]: (job: Job, signal: AbortSignal) => runRegistryExportJob(deps, job, signal) }
      : {}),
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
