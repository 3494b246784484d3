import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "../db/create-db.ts";
import { claimJob, completeJob, failJob, type Job, renewJobLease } from "./jobs.ts";

/** Runs one job. Throw to fail the attempt; throw a `PermanentJobError` to fail without retrying. */
export type JobHandler = (job: Job, signal: AbortSignal) => Promise<unknown>;

export class PermanentJobError extends Error {}

export type JobWorkerOptions = {
  db: Db;
  now: () => Date;
  handlers: Readonly<Record<string, JobHandler>>;
  workerId?: string;
  /** How often an idle worker looks for due jobs (default 1 s). */
  pollMs?: number;
  /** How long a claim holds before another worker may take the job over (default 60 s; renewed while running). */
  leaseMs?: number;
  /** Called with errors of the loop itself (database down, …) and of failed jobs; default: console.error. */
  onError?: (error: unknown, job?: Job) => void;
};

export type JobWorker = {
  workerId: string;
  /** Runs due jobs until none is due; resolves with how many ran (for tests and the CLI). */
  drain: () => Promise<number>;
  /** Stops polling, aborts the running job's signal and waits for it to settle. */
  stop: () => Promise<void>;
};

/**
 * Starts a worker that polls the job table and runs one job at a time with the handler for its kind.
 * Several workers (in one or several processes) share the table safely; see `claimJob`.
 */
export function startJobWorker(options: JobWorkerOptions, { autostart = true } = {}): JobWorker {
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? 60_000;
  const kinds = Object.keys(options.handlers);
  const onError = options.onError ?? ((error: unknown) => console.error("job worker:", error));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const abort = new AbortController();

  async function runOne(): Promise<boolean> {
    const job = await claimJob(options.db, { kinds, workerId, leaseMs }, options.now());
    if (!job) return false;
    const handler = options.handlers[job.kind] as JobHandler;
    const renew = setInterval(
      () => {
        renewJobLease(options.db, job.id, workerId, leaseMs, options.now()).catch(onError);
      },
      Math.max(1000, Math.floor(leaseMs / 3)),
    );
    try {
      const result = await handler(job, abort.signal);
      await completeJob(options.db, job.id, workerId, result, options.now());
    } catch (error) {
      onError(error, job);
      const message = error instanceof Error ? error.message : String(error);
      await failJob(options.db, job.id, workerId, message, options.now(), {
        permanent: error instanceof PermanentJobError,
      });
    } finally {
      clearInterval(renew);
    }
    return true;
  }

  async function drain(): Promise<number> {
    let count = 0;
    while (!stopped && (await runOne())) count++;
    return count;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      current = drain()
        .catch(onError)
        .finally(() => schedule());
    }, pollMs);
    timer.unref?.();
  }

  if (autostart && kinds.length > 0) schedule();

  return {
    workerId,
    drain: () => {
      const run = current.then(drain);
      current = run.catch(() => undefined);
      return run;
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      abort.abort();
      await current.catch(() => undefined);
    },
  };
}
