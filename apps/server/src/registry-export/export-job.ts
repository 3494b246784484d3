import { coalesceQueuedJobs, type Job, PermanentJobError } from "@jcstar/core";
import { z } from "zod";
import type { AppDeps } from "../app-env.ts";
import { exportRegistry } from "./export-registry.ts";
import { REGISTRY_EXPORT_JOB, scheduleRegistryExport } from "./registry-changed.ts";

const payloadSchema = z.object({ scheduled: z.boolean().optional() }).nullable();

/** The job's handler: one incremental export (covering every export queued before it started). */
export async function runRegistryExportJob(deps: AppDeps, job: Job, signal: AbortSignal) {
  const dir = deps.registryExportDir;
  if (!dir) throw new PermanentJobError("JCSTAR_REGISTRY_EXPORT_DIR is not set on this host");
  const parsed = payloadSchema.safeParse(job.payload);
  const merged = await coalesceQueuedJobs(deps.db, REGISTRY_EXPORT_JOB, job.id, deps.now());
  try {
    const result = await exportRegistry(deps, dir, signal);
    return {
      written: result.written.length,
      deleted: result.deleted.length,
      unchanged: result.unchanged,
      durationMs: result.durationMs,
      merged,
    };
  } finally {
    if (parsed.success && parsed.data?.scheduled) await scheduleRegistryExport(deps.db, deps.now());
  }
}
