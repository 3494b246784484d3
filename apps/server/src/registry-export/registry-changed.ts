import { type Db, enqueueJob } from "@jcstar/core";
import type { AppDeps } from "../app-env.ts";
import { clearPageCache } from "../public/page-cache.ts";

/** The job that brings the static registry (`JCSTAR_REGISTRY_EXPORT_DIR`) up to date. */
export const REGISTRY_EXPORT_JOB = "registry-export";
/**
 * Changes that are no event of their own — a label expiring at midnight (Japan time), a product or firmware
 * edit shown on a published page — reach the static copy with the next scheduled export, at most this long after.
 */
export const REGISTRY_EXPORT_INTERVAL_MS = 15 * 60_000;
/**
 * How stale the static copy may be after an issue, revocation, extension, publication or settings change: the job
 * is due at once, an idle worker looks every second, and an incremental export renders only what changed (the same
 * bound as the page caches of several hosts). It holds while one export takes under 4 s — about 3,500 labels on
 * the loaded 2-CPU machine of docs/benchmarks.md (bench:static-registry, ~1.1 ms a label) — and is tested in
 * registry-export.db.test.ts.
 */
export const REGISTRY_EXPORT_BOUND_MS = 5_000;

/** Queues the next scheduled export (one per slot of REGISTRY_EXPORT_INTERVAL_MS, whatever the number of hosts). */
export async function scheduleRegistryExport(db: Db, now: Date): Promise<void> {
  const slot = new Date(
    Math.ceil((now.getTime() + 1) / REGISTRY_EXPORT_INTERVAL_MS) * REGISTRY_EXPORT_INTERVAL_MS,
  );
  await enqueueJob(
    db,
    {
      kind: REGISTRY_EXPORT_JOB,
      payload: { scheduled: true },
      runAt: slot,
      dedupeKey: `${REGISTRY_EXPORT_JOB}:${slot.toISOString()}`,
    },
    now,
  );
}

/**
 * A public registry page changed (label issued, revoked or extended, publication or registry settings saved,
 * signing key rotated): drops this process's page cache and, when a static copy is kept, queues an export due
 * now. Queued exports that have not started are merged into the next one that does; a failure to queue is
 * logged (the change is saved, and the scheduled export catches up).
 */
export async function publicRegistryChanged(deps: AppDeps): Promise<void> {
  clearPageCache(deps);
  if (!deps.registryExportDir) return;
  try {
    await enqueueJob(deps.db, { kind: REGISTRY_EXPORT_JOB, payload: null }, deps.now());
  } catch (error) {
    console.error("registry export: could not queue the export job:", error);
  }
}
