import { type ProgressEvent, RunError, runProfile } from "@jcstar/probes";
import type { RequestContext } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";
import type { Job } from "../jobs/jobs.ts";
import { PermanentJobError } from "../jobs/worker.ts";
import type { InstanceKey } from "../secrets/instance-key.ts";
import type { VaultDeps } from "../vault/upload.ts";
import { bindSecrets, parseServerProfile, profileSecretNames } from "./device-profile-source.ts";
import { DEVICE_RUN_INTERRUPTED } from "./device-run-row.ts";
import { checkRunTarget, type DeviceRunDeps, type DeviceRunJobPayload } from "./device-runs.ts";
import { readDeviceSecrets } from "./device-secrets.ts";
import { fileProbeRun } from "./file-probe-run.ts";

export type ExecuteDeviceRunDeps = VaultDeps & DeviceRunDeps & { instanceKey: InstanceKey };

type RunErrorBody = { code: string; message: { ja: string; en: string } };

class Interrupted extends Error {}

/**
 * The probes cannot be cancelled half-way; when the worker stops (server shutdown) the run is recorded as
 * interrupted at once and the probes' own time limits end them.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new Interrupted("aborted"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Interrupted("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function errorBodyOf(error: unknown): RunErrorBody {
  if (error instanceof AppError)
    return { code: error.code, message: { ja: error.messageIn("ja"), en: error.messageIn("en") } };
  if (error instanceof RunError) return { code: "DEVICE_UNREACHABLE", message: error.text };
  if (error instanceof Interrupted) return DEVICE_RUN_INTERRUPTED;
  return {
    code: "INTERNAL",
    message: {
      ja: "実機テストを実行できませんでした（内部エラー）。",
      en: "The device run could not be done (internal error).",
    },
  };
}

/**
 * The job of a server-side run. Before any packet is sent it checks the target as it is now (checkRunTarget: the
 * allowlist an administrator may have narrowed since the request, the platform's own endpoints) and decrypts the profile's secrets; then it runs
 * the network probes against the one checked address and files the results as evidence (as `probe run --upload`
 * does). A refused or failed run is recorded on the run with its reason and fails the job without retry.
 */
export async function executeDeviceRun(
  deps: ExecuteDeviceRunDeps,
  job: Pick<Job, "orgId" | "payload">,
  signal?: AbortSignal,
  onProgress?: (event: ProgressEvent) => void,
): Promise<{ runId: string; status: "done"; evidenceIds: string[] }> {
  const { runId, lang } = job.payload as DeviceRunJobPayload;
  const row = await deps.db
    .selectFrom("device_runs")
    .selectAll()
    .where("id", "=", runId)
    .where("org_id", "=", job.orgId ?? "")
    .executeTakeFirst();
  if (!row?.profile_source) throw new PermanentJobError(`device run ${runId} not found`);
  if (row.status !== "queued") throw new PermanentJobError(`device run ${runId} is ${row.status}`);
  const ctx: RequestContext = {
    orgId: row.org_id,
    actor: { id: row.requested_by, name: row.requested_by_name ?? "jcstar" },
    lang: lang === "en" ? "en" : "ja",
  };
  await deps.db
    .updateTable("device_runs")
    .set({ status: "running", started_at: deps.now().toISOString() })
    .where("id", "=", runId)
    .execute();
  try {
    const probes = row.probes ? (JSON.parse(row.probes) as string[]) : null;
    const parsed = parseServerProfile(row.profile_source, row.profile_name);
    const { addresses, profile } = await checkRunTarget(deps, parsed, probes);
    const secrets = await readDeviceSecrets(
      deps.db,
      deps.instanceKey,
      row.org_id,
      profileSecretNames(profile),
    );
    const bound = bindSecrets(profile, secrets);
    const run = await untilAborted(
      runProfile(bound.profile, {
        address: addresses[0] as string,
        env: bound.env,
        ...(probes ? { only: probes } : {}),
        ...(onProgress ? { onProgress } : {}),
        now: deps.now,
      }),
      signal,
    );
    const filed = await fileProbeRun(deps, ctx, row.product_id, run, { runId });
    return { runId, status: "done", evidenceIds: filed.evidenceIds };
  } catch (error) {
    const body = errorBodyOf(error);
    await deps.db
      .updateTable("device_runs")
      .set({ status: "failed", error: JSON.stringify(body), finished_at: deps.now().toISOString() })
      .where("id", "=", runId)
      .execute();
    throw new PermanentJobError(`${body.code}: ${body.message.en}`, { cause: error });
  }
}
