import type { JobHandler } from "@jcstar/core";
import type { AppDeps } from "./app-env.ts";

/**
 * Every kind of background job this server runs, with its handler. A feature that queues jobs
 * (`enqueueJob(db, { kind, … })`) adds its kind here; each server process runs one worker over the shared
 * job table (see packages/core/src/jobs), so several processes never run a job twice.
 */
export function buildJobHandlers(_deps: AppDeps): Record<string, JobHandler> {
  return {};
}
