import { readFile } from "node:fs/promises";
import { type DeviceContext, profilePath } from "../actions/context.ts";
import { createDeviceLog } from "../actions/log.ts";
import { type ReadResult, readSource } from "../actions/sources.ts";
import { decodeSignature, parsePublicKey, verifySignature } from "../firmware-integrity/verify.ts";
import type { ValueSource } from "../profile/device-schema.ts";
import { text } from "../result/text.ts";
import type { ProbeResult, TestUnit } from "../result/types.ts";
import { combineVerdicts } from "../result/verdict.ts";
import { fetchBytes } from "./fetch-bytes.ts";

/** What the device should report, from the product record (the platform passes it in). */
export interface DeviceExpectation {
  model?: string;
  latestVersion?: string;
}

/** Whether the device runs the latest release. */
export type UpdateStatus = "latest" | "update-available" | "newer-than-release" | "unknown";

/**
 * Compares dotted versions numerically part by part (`1.10.0` > `1.9.2`; a leading `v` and any
 * `-suffix` ignored for the numeric parts, then compared as text). Negative, zero or positive.
 */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .trim()
      .replace(/^v/i, "")
      .split(/[.\-+_ ]/);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "0";
    const y = pb[i] ?? "0";
    const nx = /^\d+$/.test(x) ? Number(x) : Number.NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : Number.NaN;
    const c = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    if (c !== 0) return c;
  }
  return 0;
}

/** A signed version manifest: what it says and whether its signature verified. */
export interface VersionManifest {
  url: string;
  signed: boolean;
  model?: string;
  latestVersion?: string;
  error?: string;
}

/**
 * Fetches a version manifest (JSON) and its detached signature (`signatureUrl`, default `url.sig`),
 * and verifies it with the maker's key. The JSON is `{ "model", "latestVersion" }` or
 * `{ "models": { "<model>": { "latestVersion" } } }` (then `model` picks the entry). With
 * `certificateSha256` an https manifest is trusted on that certificate only (see fetchBytes).
 */
export async function fetchVersionManifest(
  url: string,
  signatureUrl: string,
  publicKeyPem: Buffer,
  model: string | undefined,
  timeoutMs: number,
  certificateSha256?: string,
): Promise<VersionManifest> {
  try {
    const get = (u: string) => fetchBytes(u, timeoutMs, certificateSha256);
    const [body, sig] = await Promise.all([get(url), get(signatureUrl)]);
    const signed = verifySignature(body, decodeSignature(sig), parsePublicKey(publicKeyPem));
    const doc = JSON.parse(body.toString("utf8")) as {
      model?: string;
      latestVersion?: string;
      models?: Record<string, { latestVersion?: string }>;
    };
    const entry = doc.models && model ? doc.models[model] : undefined;
    const latestVersion = entry?.latestVersion ?? doc.latestVersion;
    const m = doc.model ?? (entry ? model : undefined);
    return { url, signed, ...(m ? { model: m } : {}), ...(latestVersion ? { latestVersion } : {}) };
  } catch (error) {
    return { url, signed: false, error: (error as Error).message };
  }
}

/**
 * The device-info probe (S1.1-10 model, S1.1-06 version): reads the model and the firmware version
 * from where the profile says the device shows them, compares the model with the product record and
 * the version with the latest release (caller's expectation, profile `info.expect`, or a signed
 * version manifest) and reports latest / update available / unknown. Never throws.
 */
export async function runDeviceInfoProbe(
  ctx: DeviceContext,
  options: { expect?: DeviceExpectation } = {},
): Promise<ProbeResult> {
  const started = Date.now();
  const log = createDeviceLog();
  const info = ctx.profile.info;
  const units: TestUnit[] = [];
  const base = { probe: "device-info", criteria: ["S1.1-10", "S1.1-06"], log: log.entries };
  if (!info || (!info.model && !info.version)) {
    const detail = text(
      "プロファイルに info.model / info.version がないため実行しませんでした",
      "not run: the profile has no info.model or info.version",
    );
    return {
      ...base,
      verdict: "NOT_RUN",
      summary: detail,
      findings: {},
      units: [{ id: "configuration", verdict: "NOT_RUN", detail }],
      durationMs: Date.now() - started,
    };
  }
  const read = async (what: string, source: ValueSource | undefined): Promise<ReadResult | null> => {
    if (!source) return null;
    const r = await readSource(ctx, source);
    log.add(
      "read",
      r.ok ? { what, where: r.where, value: r.text } : { what, where: r.where, error: r.error },
    );
    return r;
  };
  const model = await read("model", info.model);
  const version = await read("version", info.version);
  const modelValue = model?.ok ? model.text.trim() : undefined;
  const versionValue = version?.ok ? version.text.trim() : undefined;

  let manifest: VersionManifest | undefined;
  const m = info.expect?.manifest;
  if (m) {
    let key: Buffer | undefined;
    try {
      key = await readFile(profilePath(ctx, m.publicKey));
    } catch (error) {
      manifest = { url: m.url, signed: false, error: (error as Error).message };
    }
    if (key)
      manifest = await fetchVersionManifest(
        m.url,
        m.signatureUrl ?? `${m.url}.sig`,
        key,
        options.expect?.model ?? info.expect?.model ?? modelValue,
        ctx.timeoutMs,
        m.certificateSha256,
      );
    log.add("manifest", {
      url: m.url,
      signed: manifest?.signed ?? false,
      ...(manifest?.latestVersion ? { latestVersion: manifest.latestVersion } : {}),
      ...(manifest?.error ? { error: manifest.error } : {}),
    });
  }
  const trusted = manifest?.signed ? manifest : undefined;
  const expectedModel = options.expect?.model ?? info.expect?.model ?? trusted?.model;
  const latest = options.expect?.latestVersion ?? info.expect?.latestVersion ?? trusted?.latestVersion;

  units.push(readUnit("model-readable", "型番", "model", info.model !== undefined, model));
  if (expectedModel !== undefined && modelValue !== undefined) {
    const same = modelValue === expectedModel;
    units.push({
      id: "model-matches",
      verdict: same ? "PASS" : "FAIL",
      detail: same
        ? text(`型番 ${modelValue} は製品情報と一致します`, `model ${modelValue} matches the product record`)
        : text(
            `機器の型番 ${modelValue} が製品情報の ${expectedModel} と一致しません`,
            `the device reports model ${modelValue}, the product record says ${expectedModel}`,
          ),
    });
  }
  units.push(
    readUnit(
      "version-readable",
      "ファームウェアのバージョン",
      "firmware version",
      info.version !== undefined,
      version,
    ),
  );
  if (manifest && !manifest.signed)
    units.push({
      id: "version-manifest",
      verdict: "FAIL",
      detail: text(
        `バージョンマニフェスト ${manifest.url} の署名を検証できません${manifest.error ? `（${manifest.error}）` : ""}。内容は使いません`,
        `the version manifest ${manifest.url} does not verify${manifest.error ? ` (${manifest.error})` : ""}; its content is not used`,
      ),
    });
  let status: UpdateStatus = "unknown";
  if (versionValue !== undefined && latest !== undefined) {
    const c = compareVersions(versionValue, latest);
    status = c === 0 ? "latest" : c < 0 ? "update-available" : "newer-than-release";
  }
  const latestTexts = {
    latest: text(`最新です（${versionValue}）`, `latest (${versionValue})`),
    "update-available": text(
      `更新があります: ${versionValue} → ${latest}`,
      `update available: ${versionValue} → ${latest}`,
    ),
    "newer-than-release": text(
      `機器のバージョン ${versionValue} は公開されている最新版 ${latest} より新しい版です`,
      `the device runs ${versionValue}, newer than the latest release ${latest}`,
    ),
    unknown: text(
      "最新版が分からないため判定できません（製品情報の最新版または署名付きマニフェストを指定してください）",
      "unknown: no latest release to compare with (give the product's latest version or a signed manifest)",
    ),
  } as const;
  units.push({
    id: "version-latest",
    verdict: status === "latest" ? "PASS" : status === "unknown" ? "NOT_RUN" : "INCONCLUSIVE",
    detail: latestTexts[status],
  });
  const verdict = combineVerdicts(units.map((u) => u.verdict));
  const shown = text(
    `型番: ${modelValue ?? "不明"}、バージョン: ${versionValue ?? "不明"}。${latestTexts[status].ja}`,
    `model: ${modelValue ?? "unknown"}, version: ${versionValue ?? "unknown"}; ${latestTexts[status].en}`,
  );
  const problems = units.filter((u) => u.verdict === "FAIL" || u.verdict === "ERROR");
  return {
    ...base,
    verdict,
    summary: problems.length
      ? text(
          `${shown.ja}／${problems.map((u) => u.detail.ja).join("／")}`,
          `${shown.en}; ${problems.map((u) => u.detail.en).join("; ")}`,
        )
      : shown,
    findings: {
      model: modelValue ?? null,
      version: versionValue ?? null,
      expectedModel: expectedModel ?? null,
      latestVersion: latest ?? null,
      status,
      ...(manifest ? { manifest } : {}),
    },
    units,
    durationMs: Date.now() - started,
  };
}

function readUnit(id: string, ja: string, en: string, configured: boolean, r: ReadResult | null): TestUnit {
  if (!configured || !r)
    return {
      id,
      verdict: "NOT_RUN",
      detail: text(
        `${ja}の読み取り先がプロファイルにありません`,
        `the profile does not say where the ${en} is shown`,
      ),
    };
  if (r.ok)
    return {
      id,
      verdict: "PASS",
      detail: text(`${ja}: ${r.text}（${r.where}）`, `${en}: ${r.text} (${r.where})`),
    };
  const network = r.status === undefined && /^(E[A-Z]+|TIMEOUT)|TIMEOUT|ECONN/.test(r.error);
  return {
    id,
    verdict: network ? "ERROR" : "FAIL",
    detail: text(
      `${ja}を ${r.where} から読めません（${r.error}）`,
      `cannot read the ${en} from ${r.where} (${r.error})`,
    ),
  };
}
