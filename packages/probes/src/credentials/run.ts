import { DEVICE_PROBE_NAMES } from "../actions/names.ts";
import { runBruteForceProbe } from "../brute-force/probe.ts";
import type { Profile, ProfileService } from "../profile/schema.ts";
import { text } from "../result/text.ts";
import type { Bilingual, ProbeResult } from "../result/types.ts";
import { PROBE_NAMES } from "../run/probes.ts";
import { CREDENTIAL_PROBE_NAMES, type CredentialProbeName } from "./names.ts";
import { runDefaultCredentialsProbe } from "./probe.ts";

export { CREDENTIAL_PROBE_NAMES, type CredentialProbeName } from "./names.ts";

/** What runCredentialProbes needs from the run. */
export interface CredentialRunContext {
  profile: Profile;
  /** The profile host, resolved once. */
  address: string;
  /** Epoch ms after which no new attempt starts. */
  deadline: number;
  /** Connection time limit, ms (default 5000). */
  timeoutMs?: number;
  /** Where valid passwords are read from (`auth.passwordEnv`); default process.env. */
  env?: Record<string, string | undefined>;
  onProgress?: (probe: CredentialProbeName, service: string, message: Bilingual, transient?: boolean) => void;
  emit: (result: ProbeResult) => void;
  /** The run's `--only` as given (undefined: every probe, the login probes only when configured). */
  only?: string | readonly string[];
  now?: () => Date;
}

/** Services whose logins are tested (HTTP declared without a login is left out). */
function authenticating(service: ProfileService): boolean {
  return !((service.protocol === "http" || service.protocol === "https") && service.auth?.type === "none");
}

/**
 * Runs the selected login probes on the profile's services (a login probe runs when `only` names it,
 * or else when the profile has its key): `default-credentials` on every service
 * that authenticates, `brute-force` on every service with `auth.username` (or those named in
 * `bruteForce.services`); a service that authenticates but has no account gets a NOT_RUN brute-force
 * result saying so. Past the deadline the remaining results are NOT_RUN.
 */
export async function runCredentialProbes(
  names: readonly string[],
  ctx: CredentialRunContext,
): Promise<void> {
  const { profile } = ctx;
  const env = ctx.env ?? process.env;
  const services = profile.services.filter(authenticating);
  // Login probes make many attempts (and may lock an account out): without --only naming them they
  // run only when the profile has their key (`defaultCredentials: {}` is enough).
  const core = PROBE_NAMES.filter((n) => !(DEVICE_PROBE_NAMES as readonly string[]).includes(n));
  const explicit = ctx.only !== undefined && !core.every((n) => names.includes(n));
  const configured: Record<CredentialProbeName, boolean> = {
    "default-credentials": profile.defaultCredentials !== undefined,
    "brute-force": profile.bruteForce !== undefined,
  };
  for (const name of CREDENTIAL_PROBE_NAMES) {
    if (!names.includes(name) || !(explicit || configured[name])) continue;
    const only = name === "brute-force" ? profile.bruteForce?.services : undefined;
    for (const service of services) {
      if (only && !only.includes(service.id)) continue;
      if (Date.now() > ctx.deadline) {
        ctx.emit(notRun(name, service.id));
        continue;
      }
      ctx.onProgress?.(
        name,
        service.id,
        text(
          `${service.id}（ポート ${service.port}）を検査中…`,
          `checking ${service.id} (port ${service.port})…`,
        ),
      );
      const common = {
        address: ctx.address,
        hostName: profile.host,
        service,
        deadline: ctx.deadline,
        ...(ctx.timeoutMs ? { connectTimeoutMs: ctx.timeoutMs } : {}),
        onProgress: (message: Bilingual, transient?: boolean) =>
          ctx.onProgress?.(name, service.id, message, transient),
        ...(ctx.now ? { now: ctx.now } : {}),
      };
      if (name === "default-credentials") {
        ctx.emit(
          await runDefaultCredentialsProbe({
            ...common,
            ...(profile.defaultCredentials ? { settings: profile.defaultCredentials } : {}),
          }),
        );
      } else {
        const envName = service.auth?.passwordEnv;
        const password = envName ? env[envName] : undefined;
        ctx.emit(
          await runBruteForceProbe({
            ...common,
            ...(password ? { password } : {}),
            ...(profile.bruteForce ? { settings: profile.bruteForce } : {}),
          }),
        );
      }
    }
  }
}

function notRun(probe: string, service: string): ProbeResult {
  const detail = text(
    "実行時間の上限に達したため実行しませんでした",
    "not run: the run's time limit was reached",
  );
  return {
    probe,
    service,
    criteria: probe === "brute-force" ? ["S1.1-04"] : ["S1.1-02", "S1.1-01"],
    verdict: "NOT_RUN",
    summary: detail,
    findings: {},
    units: [{ id: "time-limit", verdict: "NOT_RUN", detail }],
    log: [],
  };
}
