import type { Selectable } from "kysely";
import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";
import type { JobStatus, JobTable } from "./jobs.table.ts";

export type Job = {
  id: string;
  kind: string;
  orgId: string | null;
  payload: unknown;
  status: JobStatus;
  dedupeKey: string | null;
  runAt: string;
  attempts: number;
  maxAttempts: number;
  lockedBy: string | null;
  lockedUntil: string | null;
  result: unknown;
  error: string | null;
  createdAt: string;
  updatedAt: string;
};

export type EnqueueJobInput = {
  kind: string;
  orgId?: string | null;
  payload: unknown;
  /** Not before this time (default: now). */
  runAt?: Date;
  /** At most one job per key: a second enqueue returns the first job and adds nothing. */
  dedupeKey?: string;
  maxAttempts?: number;
};

const MAX_PAYLOAD_CHARS = 256 * 1024;

function toJob(row: Selectable<JobTable>): Job {
  return {
    id: row.id,
    kind: row.kind,
    orgId: row.org_id,
    payload: JSON.parse(row.payload),
    status: row.status,
    dedupeKey: row.dedupe_key,
    runAt: row.run_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lockedBy: row.locked_by,
    lockedUntil: row.locked_until,
    result: row.result === null ? null : JSON.parse(row.result),
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Adds a job to the queue (or returns the existing one with the same dedupe key). */
export async function enqueueJob(db: Db, input: EnqueueJobInput, now: Date): Promise<Job> {
  const payload = JSON.stringify(input.payload ?? null);
  if (payload.length > MAX_PAYLOAD_CHARS) throw new Error(`job payload too large (${payload.length} chars)`);
  const at = now.toISOString();
  const id = newId("job");
  await db
    .insertInto("jobs")
    .values({
      id,
      kind: input.kind,
      org_id: input.orgId ?? null,
      payload,
      status: "queued",
      dedupe_key: input.dedupeKey ?? null,
      run_at: (input.runAt ?? now).toISOString(),
      attempts: 0,
      max_attempts: Math.max(1, input.maxAttempts ?? 3),
      locked_by: null,
      locked_until: null,
      result: null,
      error: null,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .execute();
  const row = input.dedupeKey
    ? await db
        .selectFrom("jobs")
        .selectAll()
        .where("dedupe_key", "=", input.dedupeKey)
        .executeTakeFirstOrThrow()
    : await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  return toJob(row);
}

/** One job of the organisation (null when it does not exist or belongs to another organisation). */
export async function getJob(db: Db, orgId: string | null, id: string): Promise<Job | null> {
  let q = db.selectFrom("jobs").selectAll().where("id", "=", id);
  q = orgId === null ? q.where("org_id", "is", null) : q.where("org_id", "=", orgId);
  const row = await q.executeTakeFirst();
  return row ? toJob(row) : null;
}

export type ClaimOptions = { kinds: readonly string[]; workerId: string; leaseMs: number };

/**
 * Takes the next due job of the given kinds for this worker, or undefined. Safe with several processes and
 * several databases connections: the claim is a conditional UPDATE and only the worker whose update changed
 * the row holds the job. A running job whose lease expired (its worker died) is taken over while attempts
 * remain; one without attempts left is marked failed.
 */
export async function claimJob(db: Db, options: ClaimOptions, now: Date): Promise<Job | undefined> {
  if (options.kinds.length === 0) return undefined;
  const at = now.toISOString();
  await db
    .updateTable("jobs")
    .set({ status: "failed", error: "lease expired with no attempts left", locked_by: null, updated_at: at })
    .where("status", "=", "running")
    .where("locked_until", "<", at)
    .where((eb) => eb("attempts", ">=", eb.ref("max_attempts")))
    .execute();
  const candidates = await db
    .selectFrom("jobs")
    .select("id")
    .where("kind", "in", options.kinds)
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "=", "queued"), eb("run_at", "<=", at)]),
        eb.and([eb("status", "=", "running"), eb("locked_until", "<", at)]),
      ]),
    )
    .orderBy("run_at")
    .orderBy("id")
    .limit(8)
    .execute();
  const lockedUntil = new Date(now.getTime() + options.leaseMs).toISOString();
  for (const { id } of candidates) {
    const result = await db
      .updateTable("jobs")
      .set((eb) => ({
        status: "running",
        locked_by: options.workerId,
        locked_until: lockedUntil,
        attempts: eb("attempts", "+", 1),
        updated_at: at,
      }))
      .where("id", "=", id)
      .where((eb) =>
        eb.or([
          eb.and([eb("status", "=", "queued"), eb("run_at", "<=", at)]),
          eb.and([eb("status", "=", "running"), eb("locked_until", "<", at)]),
        ]),
      )
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) {
      const row = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      return toJob(row);
    }
  }
  return undefined;
}

/** Extends the lease of a job this worker still holds; false when it lost the job. */
export async function renewJobLease(db: Db, id: string, workerId: string, leaseMs: number, now: Date) {
  const result = await db
    .updateTable("jobs")
    .set({ locked_until: new Date(now.getTime() + leaseMs).toISOString(), updated_at: now.toISOString() })
    .where("id", "=", id)
    .where("status", "=", "running")
    .where("locked_by", "=", workerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks a job done with its result; false when this worker no longer held it. */
export async function completeJob(db: Db, id: string, workerId: string, result: unknown, now: Date) {
  const updated = await db
    .updateTable("jobs")
    .set({
      status: "done",
      result: JSON.stringify(result ?? null),
      error: null,
      locked_by: null,
      locked_until: null,
      updated_at: now.toISOString(),
    })
    .where("id", "=", id)
    .where("status", "=", "running")
    .where("locked_by", "=", workerId)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/**
 * Records a failed attempt: back to the queue after a back-off while attempts remain (unless `permanent`),
 * otherwise failed for good. False when this worker no longer held the job.
 */
export async function failJob(
  db: Db,
  id: string,
  workerId: string,
  error: string,
  now: Date,
  options: { permanent?: boolean } = {},
) {
  const row = await db
    .selectFrom("jobs")
    .select(["attempts", "max_attempts"])
    .where("id", "=", id)
    .where("status", "=", "running")
    .where("locked_by", "=", workerId)
    .executeTakeFirst();
  if (!row) return false;
  const retry = !options.permanent && row.attempts < row.max_attempts;
  const backoffMs = Math.min(15 * 60_000, 5_000 * 2 ** (row.attempts - 1));
  const updated = await db
    .updateTable("jobs")
    .set({
      status: retry ? "queued" : "failed",
      error: error.slice(0, 4000),
      run_at: retry ? new Date(now.getTime() + backoffMs).toISOString() : now.toISOString(),
      locked_by: null,
      locked_until: null,
      updated_at: now.toISOString(),
    })
    .where("id", "=", id)
    .where("status", "=", "running")
    .where("locked_by", "=", workerId)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/**
 * Marks the queued, due jobs of `kind` without a dedupe key, created up to `before`, as done by `byJobId`: work
 * such as an export, whose one run covers every change made before it started. Returns how many were merged.
 */
export async function coalesceQueuedJobs(
  db: Db,
  kind: string,
  byJobId: string,
  before: Date,
): Promise<number> {
  const at = before.toISOString();
  const result = await db
    .updateTable("jobs")
    .set({ status: "done", result: JSON.stringify({ coalescedInto: byJobId }), updated_at: at })
    .where("kind", "=", kind)
    .where("status", "=", "queued")
    .where("dedupe_key", "is", null)
    .where("created_at", "<=", at)
    .where("run_at", "<=", at)
    .where("id", "!=", byJobId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
