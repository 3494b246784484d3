import { runCredentialProbes } from "../credentials/run.ts";
import type { IdentifyOptions } from "../ports/identify.ts";
import { runPortsProbe } from "../ports/probe.ts";
import type { UdpService } from "../ports/udp.ts";
import { parsePortRange } from "../profile/port-range.ts";
import { type Profile, TLS_PROTOCOLS } from "../profile/schema.ts";
import { text } from "../result/text.ts";
import { type Bilingual, type ProbeResult, type RunResult, TOOL_VERSION } from "../result/types.ts";
import { PLAINTEXT_PROTOCOLS, runPlaintextCheck } from "../tls/plaintext.ts";
import { runTlsProbe } from "../tls/probe.ts";
import { type ProbeName, selectProbes } from "./probes.ts";
import { assertReachable, resolveHost } from "./target.ts";

/** A progress line for the terminal. */
export interface ProgressEvent {
  probe: ProbeName | "run";
  service?: string;
  message: Bilingual;
  /** A counter that a terminal may overwrite in place. */
  transient?: boolean;
}

/** Options of runProfile(). */
export interface RunOptions {
  /** Probes to run (`--only`); default all. */
  only?: string | readonly string[];
  onProgress?: (event: ProgressEvent) => void;
  /** Called with each result as soon as it is known. */
  onResult?: (result: ProbeResult) => void;
  /** Time limit of the whole run in seconds (default: profile `limits.runSeconds`, else 1800). */
  runSeconds?: number;
  /** Per-connection time limit in ms (default: profile `scan.timeoutMs`, else 1500 for the scan, 5000 for TLS). */
  timeoutMs?: number;
  /** Non-standard UDP ports (tests use high ports instead of 1900, 5683, 5353, 161). */
  udpPorts?: Partial<Record<UdpService, number>>;
  /** Where valid passwords are read from (`auth.passwordEnv`; default process.env). */
  env?: Record<string, string | undefined>;
  identify?: IdentifyOptions;
  now?: () => Date;
  /**
   * The address to test, already resolved and checked by the caller (the platform checks every address of the
   * host against its allowlist): the host is then not resolved again.
   */
  address?: string;
}

/**
 * Runs the selected probes of a profile against the profile's host, and nothing else: the host is
 * resolved once and every probe connects to that one address. Bounded in time: after the deadline
 * the remaining probes are reported NOT_RUN. Throws RunError (exit code 2) when the host cannot be
 * resolved or reached, and an Error for an unknown probe name.
 */
export async function runProfile(profile: Profile, options: RunOptions = {}): Promise<RunResult> {
  const now = options.now ?? (() => new Date());
  const probes = selectProbes(options.only);
  const startedAt = now().toISOString();
  const deadline = Date.now() + 1000 * (options.runSeconds ?? profile.limits?.runSeconds ?? 1800);
  const progress = options.onProgress ?? (() => {});
  const results: ProbeResult[] = [];
  const emit = (result: ProbeResult) => {
    results.push(result);
    options.onResult?.(result);
  };
  progress({ probe: "run", message: text(`${profile.host} を解決中…`, `resolving ${profile.host}…`) });
  const address = options.address ?? (await resolveHost(profile.host));
  const knownPorts = [
    ...profile.services.map((s) => s.port),
    ...profile.declaredPorts.filter((d) => d.protocol === "tcp").map((d) => d.port),
  ];
  await assertReachable(address, knownPorts);
  const timeoutMs = options.timeoutMs ?? profile.scan.timeoutMs;

  if (probes.includes("ports")) {
    emit(
      await runPortsProbe({
        address,
        tcpPorts: parsePortRange(profile.scan.tcp),
        declared: profile.declaredPorts,
        udp: profile.scan.udp,
        deadline,
        ...(profile.scan.concurrency ? { concurrency: profile.scan.concurrency } : {}),
        ...(timeoutMs ? { timeoutMs } : {}),
        ...(options.udpPorts ? { udpPorts: options.udpPorts } : {}),
        ...(options.identify ? { identify: options.identify } : {}),
        onProgress: (message, transient) =>
          progress({ probe: "ports", message, ...(transient ? { transient } : {}) }),
      }),
    );
  }
  if (probes.includes("tls")) {
    for (const service of profile.services) {
      const isTls = TLS_PROTOCOLS.includes(service.protocol);
      const isPlain = (PLAINTEXT_PROTOCOLS as readonly string[]).includes(service.protocol);
      if (!isTls && !isPlain) continue;
      if (Date.now() > deadline) {
        emit(notRun("tls", service.id, ["S1.1-12"]));
        continue;
      }
      progress({
        probe: "tls",
        service: service.id,
        message: text(
          `${service.id}（ポート ${service.port}）を検査中…`,
          `checking ${service.id} (port ${service.port})…`,
        ),
      });
      emit(
        isTls
          ? await runTlsProbe({
              address,
              hostName: profile.host,
              service,
              ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
              now,
            })
          : await runPlaintextCheck({
              address,
              service,
              ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
            }),
      );
    }
  }
  await runCredentialProbes(probes, {
    profile,
    address,
    deadline,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.only !== undefined ? { only: options.only } : {}),
    onProgress: (probe, service, message, transient) =>
      progress({ probe, service, message, ...(transient ? { transient } : {}) }),
    emit,
    now,
  });
  return {
    tool: "jcstar",
    version: TOOL_VERSION,
    profile: profile.name,
    host: profile.host,
    startedAt,
    finishedAt: now().toISOString(),
    results,
  };
}

function notRun(probe: string, service: string, criteria: string[]): ProbeResult {
  const detail = text(
    "実行時間の上限に達したため実行しませんでした",
    "not run: the run's time limit was reached",
  );
  return {
    probe,
    service,
    criteria,
    verdict: "NOT_RUN",
    summary: detail,
    findings: {},
    units: [{ id: "time-limit", verdict: "NOT_RUN", detail }],
    log: [],
  };
}
