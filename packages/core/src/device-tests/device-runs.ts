import type { Profile } from "@jcstar/probes";
import { z } from "zod";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { newId } from "../db/ids.ts";
import { inTransaction } from "../db/in-transaction.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { enqueueJob } from "../jobs/jobs.ts";
import { getProduct } from "../product/product.ts";
import { readSettings } from "../settings/instance-settings.ts";
import { parseServerProfile, profileSecretNames } from "./device-profile-source.ts";
import { type DeviceRun, toDeviceRun } from "./device-run-row.ts";
import { missingDeviceSecrets } from "./device-secrets.ts";
import {
  checkNotPlatform,
  type PlatformEndpoints,
  runTcpPorts,
  withoutPlatformPorts,
} from "./platform-endpoints.ts";
import { checkTargetAllowed, type Resolver, systemResolver } from "./target-allowlist.ts";

/** The job kind of a server-side device-test run. */
export const DEVICE_RUN_JOB = "device-run";

/** Probes a server-side run may use: the network probes. Device-behaviour probes need local files and commands. */
export const SERVER_PROBES = ["ports", "tls", "default-credentials", "brute-force"] as const;

export const deviceRunRequestSchema = z
  .object({
    profileId: z.string().min(1).max(64),
    /** Probes to run (default: ports and tls, and the login probes when the profile has their keys). */
    probes: z.array(z.enum(SERVER_PROBES)).min(1).max(SERVER_PROBES.length).optional(),
  })
  .strict();

/**
 * What a device run needs besides the database: the platform's own endpoints (built once at start, never a
 * target) and the allowlist check's resolver (tests pass their own).
 */
export type DeviceRunDeps = Pick<CoreDeps, "db" | "now"> & {
  platform: PlatformEndpoints;
  resolveHost?: Resolver;
};

/**
 * Checks a run's target before anything is sent (at request time and again in the job): the allowlist must not
 * be empty (DEVICE_ALLOWLIST_EMPTY), every resolved address must be on it (DEVICE_TARGET_NOT_ALLOWED), and no
 * (address, port) the run touches may be the server itself, its database or its SMTP server
 * (DEVICE_TARGET_PLATFORM). A default scan leaves the platform's ports out instead (withoutPlatformPorts). Returns
 * the checked addresses and the profile to run.
 */
export async function checkRunTarget(
  deps: DeviceRunDeps,
  requested: Profile,
  probes: readonly string[] | null | undefined,
): Promise<{ addresses: string[]; profile: Profile }> {
  const settings = await readSettings(deps.db);
  if (settings.deviceTestAllowlist.length === 0) throw new AppError("DEVICE_ALLOWLIST_EMPTY");
  const resolve = deps.resolveHost ?? systemResolver;
  const addresses = await checkTargetAllowed(requested.host, settings.deviceTestAllowlist, resolve);
  const smtp = settings.smtp ? { host: settings.smtp.host, port: settings.smtp.port } : null;
  const profile = await withoutPlatformPorts(requested, addresses, deps.platform, smtp, resolve);
  await checkNotPlatform(profile.host, addresses, runTcpPorts(profile, probes), deps.platform, smtp, resolve);
  return { addresses, profile };
}

export type DeviceRunJobPayload = { runId: string; lang: "ja" | "en" };

/**
 * Requests a server-side run of a stored profile: the profile must validate, every address of its host must be on
 * the administrator's allowlist and every secret it names must be stored — checked here, before anything is
 * queued, and again by the job before any packet is sent. Queues one job (no automatic retry: login probes count
 * attempts on the device). Returns the queued run.
 */
export async function requestDeviceRun(
  deps: DeviceRunDeps,
  ctx: RequestContext,
  productId: string,
  input: unknown,
): Promise<DeviceRun> {
  const data = parseOrThrow(deviceRunRequestSchema, input);
  await getProduct(deps, ctx, productId);
  const stored = await deps.db
    .selectFrom("device_profiles")
    .selectAll()
    .where("id", "=", data.profileId)
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!stored)
    throw new AppError("NOT_FOUND", {
      entity: ctx.lang === "ja" ? "デバイスプロファイル" : "Device profile",
      id: data.profileId,
    });
  const profile = parseServerProfile(stored.source, stored.name);
  await checkRunTarget(deps, profile, data.probes);
  const missing = await missingDeviceSecrets(deps.db, ctx.orgId, profileSecretNames(profile));
  if (missing.length > 0) throw new AppError("DEVICE_SECRET_MISSING", { names: missing.join(", ") });
  const now = deps.now();
  const id = newId("drn");
  await inTransaction(deps.db, async (trx) => {
    await trx
      .insertInto("device_runs")
      .values({
        id,
        org_id: ctx.orgId,
        product_id: productId,
        profile_id: stored.id,
        origin: "server",
        status: "queued",
        profile_name: stored.name,
        host: profile.host,
        profile_source: stored.source,
        probes: data.probes ? JSON.stringify(data.probes) : null,
        job_id: null,
        requested_by: ctx.actor.id,
        requested_by_name: ctx.actor.name,
        requested_at: now.toISOString(),
        started_at: null,
        finished_at: null,
        error: null,
        results_sha256: null,
        verdicts: null,
        evidence_ids: null,
      })
      .execute();
    const payload: DeviceRunJobPayload = { runId: id, lang: ctx.lang };
    const job = await enqueueJob(
      trx,
      { kind: DEVICE_RUN_JOB, orgId: ctx.orgId, payload, dedupeKey: `device-run:${id}`, maxAttempts: 1 },
      now,
    );
    await trx.updateTable("device_runs").set({ job_id: job.id }).where("id", "=", id).execute();
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "device_run.requested",
        entityType: "device_run",
        entityId: id,
        data: { productId, profileId: stored.id, host: profile.host, probes: data.probes ?? null },
      },
      now,
    );
  });
  return getDeviceRun(deps, ctx, id);
}

/** Runs with the state of their job, so that a run whose job died shows as failed instead of running forever. */
function withJobState(deps: Pick<CoreDeps, "db">) {
  return deps.db
    .selectFrom("device_runs")
    .leftJoin("jobs", "jobs.id", "device_runs.job_id")
    .selectAll("device_runs")
    .select(["jobs.status as job_status", "jobs.error as job_error"]);
}

export async function listDeviceRuns(deps: Pick<CoreDeps, "db">, ctx: RequestContext, productId: string) {
  await getProduct(deps, ctx, productId);
  const rows = await withJobState(deps)
    .where("device_runs.product_id", "=", productId)
    .where("device_runs.org_id", "=", ctx.orgId)
    .orderBy("device_runs.requested_at", "desc")
    .orderBy("device_runs.id", "desc")
    .limit(200)
    .execute();
  return rows.map(toDeviceRun);
}

export async function getDeviceRun(deps: Pick<CoreDeps, "db">, ctx: RequestContext, runId: string) {
  const row = await withJobState(deps)
    .where("device_runs.id", "=", runId)
    .where("device_runs.org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!row)
    throw new AppError("NOT_FOUND", { entity: ctx.lang === "ja" ? "実機テスト" : "Device run", id: runId });
  return toDeviceRun(row);
}

/** The blob holding a run's results JSON (404 while the run has none). */
export async function deviceRunResultsBlob(deps: Pick<CoreDeps, "db">, ctx: RequestContext, runId: string) {
  const row = await deps.db
    .selectFrom("device_runs")
    .select("results_sha256")
    .where("id", "=", runId)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!row?.results_sha256)
    throw new AppError("NOT_FOUND", {
      entity: ctx.lang === "ja" ? "実機テストの結果" : "Device run results",
      id: runId,
    });
  return row.results_sha256;
}
