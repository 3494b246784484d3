import { type DeviceExpectation, runDeviceInfoProbe } from "../device-info/probe.ts";
import { runFirmwareIntegrityProbe } from "../firmware-integrity/probe.ts";
import { runPersistenceProbe } from "../persistence/probe.ts";
import type { Profile } from "../profile/schema.ts";
import { runResetProbe } from "../reset/probe.ts";
import { text } from "../result/text.ts";
import { type ProbeResult, type RunResult, TOOL_VERSION } from "../result/types.ts";
import { selectProbes } from "../run/probes.ts";
import { type RunOptions, runProfile } from "../run/run-profile.ts";
import { assertReachable, resolveHost } from "../run/target.ts";
import { createDeviceContext, type DeviceContext, type Prompter } from "./context.ts";
import { DEVICE_PROBE_NAMES, type DeviceProbeName } from "./names.ts";

/** Options of the device-behaviour probes, on top of runProfile's. */
export interface DeviceRunOptions extends RunOptions {
  /** Folder that relative paths of the profile are read from (the profile file's folder). */
  baseDir?: string;
  env?: Record<string, string | undefined>;
  /** Interactive runs only: asks the tester (prompt actions are NOT_RUN without it). */
  prompt?: Prompter;
  /** Receives the new password the reset probe set (never stored in results). */
  onSecret?: (label: { ja: string; en: string }, value: string) => void;
  /** The product record's model and latest release (the platform passes them in). */
  expect?: DeviceExpectation;
  /** Poll interval while waiting for the device (tests use short ones). */
  pollMs?: number;
}

/** Whether the profile has what a device probe needs (a probe without its keys is skipped unless asked for). */
function configured(profile: Profile, name: DeviceProbeName): boolean {
  switch (name) {
    case "device-info":
      return Boolean(profile.info?.model ?? profile.info?.version);
    case "firmware-integrity":
      return profile.update !== undefined;
    case "persistence":
      return profile.actions?.restart !== undefined;
    case "reset":
      return profile.actions?.reset !== undefined;
  }
}

/** Runs the selected device-behaviour probes with one context (in order; bounded by the deadline). */
export async function runDeviceProbes(
  ctx: DeviceContext,
  names: readonly DeviceProbeName[],
  options: {
    expect?: DeviceExpectation;
    onResult?: (r: ProbeResult) => void;
    onStart?: (name: DeviceProbeName) => void;
  } = {},
): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  for (const name of names) {
    let result: ProbeResult;
    if (Date.now() > ctx.deadline) {
      const detail = text(
        "実行時間の上限に達したため実行しませんでした",
        "not run: the run's time limit was reached",
      );
      result = {
        probe: name,
        criteria: [],
        verdict: "NOT_RUN",
        summary: detail,
        findings: {},
        units: [{ id: "time-limit", verdict: "NOT_RUN", detail }],
        log: [],
      };
    } else {
      options.onStart?.(name);
      result =
        name === "device-info"
          ? await runDeviceInfoProbe(ctx, options.expect ? { expect: options.expect } : {})
          : name === "firmware-integrity"
            ? await runFirmwareIntegrityProbe(ctx)
            : name === "persistence"
              ? await runPersistenceProbe(ctx)
              : await runResetProbe(ctx);
    }
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

/**
 * runProfile() plus the device-behaviour probes (device-info, firmware-integrity, persistence,
 * reset), in one results document. Without `only`, a device probe runs when the profile has its
 * keys; named in `only`, it runs anyway (and says NOT_RUN with the reason when keys are missing).
 */
export async function runFullProfile(profile: Profile, options: DeviceRunOptions = {}): Promise<RunResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const deadline = Date.now() + 1000 * (options.runSeconds ?? profile.limits?.runSeconds ?? 1800);
  const selected = selectProbes(options.only);
  const explicit = options.only !== undefined && selected.length > 0 && String(options.only).trim() !== "";
  const device = (DEVICE_PROBE_NAMES as readonly string[]).filter((n) =>
    selected.includes(n as never),
  ) as DeviceProbeName[];
  const core = selected.filter((n) => !(DEVICE_PROBE_NAMES as readonly string[]).includes(n));
  const toRun = device.filter((n) => explicit || configured(profile, n));
  let base: RunResult;
  let address: string;
  if (core.length > 0) {
    base = await runProfile(profile, { ...options, only: core });
    address = await resolveHost(profile.host);
  } else {
    address = await resolveHost(profile.host);
    await assertReachable(address, [...profile.services.map((s) => s.port)]);
    base = {
      tool: "jcstar",
      version: TOOL_VERSION,
      profile: profile.name,
      host: profile.host,
      startedAt,
      finishedAt: startedAt,
      results: [],
    };
  }
  if (toRun.length === 0) return base;
  const ctx = createDeviceContext(profile, address, {
    deadline,
    ...(options.baseDir ? { baseDir: options.baseDir } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.prompt ? { prompt: options.prompt } : {}),
    ...(options.onSecret ? { onSecret: options.onSecret } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
  });
  let current: DeviceProbeName = toRun[0] as DeviceProbeName;
  ctx.onProgress = (message) => options.onProgress?.({ probe: current, message });
  const results = await runDeviceProbes(ctx, toRun, {
    ...(options.expect ? { expect: options.expect } : {}),
    ...(options.onResult ? { onResult: options.onResult } : {}),
    onStart: (name) => {
      current = name;
      options.onProgress?.({ probe: name, message: text(`${name} を実行中…`, `running ${name}…`) });
    },
  });
  return { ...base, startedAt, finishedAt: now().toISOString(), results: [...base.results, ...results] };
}
