import type { RunResult } from "@jcstar/probes";
import type { RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";
import type { DeviceRunTable } from "./device-tests.table.ts";

export { JOB_LOST as DEVICE_RUN_INTERRUPTED };

export type DeviceRunStatus = "queued" | "running" | "done" | "failed";
export type RunVerdict = { test: string; verdict: string };

/** A device-test run as the API shows it (the results JSON itself is read separately). */
export type DeviceRun = {
  id: string;
  productId: string;
  profileId: string | null;
  /** server: run by the platform; upload: `probe run --upload`; import: nmap / testssl.sh output (supporting). */
  /** server: run by this server; upload: filed with the CLI (API token); web: filed in the web app (a guided test); import: nmap/testssl. */
  origin: "server" | "upload" | "import" | "web";
  status: DeviceRunStatus;
  profileName: string;
  host: string;
  probes: string[] | null;
  jobId: string | null;
  requestedBy: string | null;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: { code: string; message: { ja: string; en: string } } | null;
  verdicts: RunVerdict[];
  evidenceIds: string[];
  hasResults: boolean;
};

/** The job behind a run, when it ended without the run being finished (its worker died, the lease ran out). */
export type RunJobState = { job_status: string | null; job_error: string | null };

const JOB_LOST = {
  code: "DEVICE_RUN_INTERRUPTED",
  message: {
    ja: "実機テストのジョブが完了せずに終了しました（サーバーの停止など）。もう一度実行してください。",
    en: "The device-run job ended without finishing the run (for example, the server stopped). Start it again.",
  },
};

export function toDeviceRun(row: DeviceRunTable & Partial<RunJobState>): DeviceRun {
  const lost = (row.status === "queued" || row.status === "running") && row.job_status === "failed";
  if (lost) return { ...toDeviceRun({ ...row, job_status: null }), status: "failed", error: JOB_LOST };
  return {
    id: row.id,
    productId: row.product_id,
    profileId: row.profile_id,
    origin:
      row.origin === "server" || row.origin === "import" || row.origin === "web" ? row.origin : "upload",
    status: row.status as DeviceRunStatus,
    profileName: row.profile_name,
    host: row.host,
    probes: row.probes ? (JSON.parse(row.probes) as string[]) : null,
    jobId: row.job_id,
    requestedBy: row.requested_by_name,
    requestedAt: row.requested_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error ? (JSON.parse(row.error) as DeviceRun["error"]) : null,
    verdicts: row.verdicts ? (JSON.parse(row.verdicts) as RunVerdict[]) : [],
    evidenceIds: row.evidence_ids ? (JSON.parse(row.evidence_ids) as string[]) : [],
    hasResults: row.results_sha256 !== null,
  };
}

/** Results converted from another tool's output (`jcstar probe import`) name that tool in `findings.source`. */
export function isImport(run: RunResult): boolean {
  return run.results.every((r) => r.findings.source === "nmap" || r.findings.source === "testssl.sh");
}

/**
 * Records a filed run in the same transaction as its evidence: a server-side run (`runId`) becomes `done` with
 * its results; an upload gets a row of its own. Returns the run's id.
 */
export async function recordFiledRun(
  trx: Db,
  ctx: RequestContext,
  productId: string,
  run: RunResult,
  runId: string | undefined,
  filed: {
    resultsSha256: string;
    verdicts: RunVerdict[];
    evidenceIds: string[];
    now: Date;
    origin?: "web" | undefined;
  },
): Promise<string> {
  const done = {
    status: "done",
    results_sha256: filed.resultsSha256,
    verdicts: JSON.stringify(filed.verdicts),
    evidence_ids: JSON.stringify(filed.evidenceIds),
    finished_at: filed.now.toISOString(),
    error: null,
  };
  if (runId) {
    await trx
      .updateTable("device_runs")
      .set(done)
      .where("id", "=", runId)
      .where("org_id", "=", ctx.orgId)
      .execute();
    return runId;
  }
  const id = newId("drn");
  await trx
    .insertInto("device_runs")
    .values({
      id,
      org_id: ctx.orgId,
      product_id: productId,
      profile_id: null,
      origin: filed.origin ?? (isImport(run) ? "import" : "upload"),
      profile_name: run.profile.slice(0, 300),
      host: run.host.slice(0, 300),
      profile_source: null,
      probes: null,
      job_id: null,
      requested_by: ctx.actor.id,
      requested_by_name: ctx.actor.name,
      requested_at: filed.now.toISOString(),
      started_at: run.startedAt,
      ...done,
    })
    .execute();
  return id;
}
