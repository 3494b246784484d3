import {
  combineVerdicts,
  compareVersions,
  type ProbeResult,
  type RunResult,
  type TestUnit,
} from "@jcstar/probes";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { listFirmwareReleases } from "../product/firmware.ts";
import { listModelNumbers } from "../product/model-numbers.ts";

/** How the device's version stands against the product's latest firmware release on the platform. */
export type PlatformUpdateStatus = "latest" | "update-available" | "newer-than-release" | "unknown";

/** What the platform's records say about a device-info result (kept in its findings as `platform`). */
export interface PlatformCheck {
  model: string | null;
  modelNumbers: string[];
  /** null when the model was not read or the product has no model numbers. */
  modelRegistered: boolean | null;
  version: string | null;
  latestRelease: { version: string; releasedOn: string } | null;
  status: PlatformUpdateStatus;
}

const stringOrNull = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

/** Compares what the device reported with the product's model numbers and newest release (pure). */
export function platformCheck(
  result: ProbeResult,
  modelNumbers: readonly string[],
  latestRelease: { version: string; releasedOn: string } | null,
): PlatformCheck {
  const model = stringOrNull(result.findings.model);
  const version = stringOrNull(result.findings.version);
  const modelRegistered = model === null || modelNumbers.length === 0 ? null : modelNumbers.includes(model);
  let status: PlatformUpdateStatus = "unknown";
  if (version !== null && latestRelease) {
    const c = compareVersions(version, latestRelease.version);
    status = c === 0 ? "latest" : c < 0 ? "update-available" : "newer-than-release";
  }
  return { model, modelNumbers: [...modelNumbers], modelRegistered, version, latestRelease, status };
}

/** The units and summary line a platform check adds to a device-info result (ja/en). */
export function platformUnits(check: PlatformCheck): { units: TestUnit[]; line: { ja: string; en: string } } {
  const list = check.modelNumbers.join(", ");
  const model: TestUnit =
    check.model === null
      ? {
          id: "platform-model",
          verdict: "NOT_RUN",
          detail: {
            ja: "機器の型番を読めなかったため、製品の型番と照合していません",
            en: "the device's model was not read, so it was not compared with the product's model numbers",
          },
        }
      : check.modelRegistered === null
        ? {
            id: "platform-model",
            verdict: "NOT_RUN",
            detail: {
              ja: `製品に型番が登録されていないため、機器の型番 ${check.model} を照合できません`,
              en: `the product has no model numbers, so the device's model ${check.model} cannot be checked`,
            },
          }
        : check.modelRegistered
          ? {
              id: "platform-model",
              verdict: "PASS",
              detail: {
                ja: `機器の型番 ${check.model} は製品の型番（${list}）に登録されています`,
                en: `the device's model ${check.model} is one of the product's model numbers (${list})`,
              },
            }
          : {
              id: "platform-model",
              verdict: "FAIL",
              detail: {
                ja: `要確認: 機器の型番 ${check.model} は製品の型番（${list}）にありません`,
                en: `flagged: the device's model ${check.model} is not one of the product's model numbers (${list})`,
              },
            };
  const latest = check.latestRelease?.version ?? "";
  const versionTexts: Record<PlatformUpdateStatus, { ja: string; en: string }> = {
    latest: {
      ja: `最新: ${check.version} は製品の最新リリース（${latest}）です`,
      en: `latest: ${check.version} is the product's latest release (${latest})`,
    },
    "update-available": {
      ja: `更新あり: ${check.version} → 製品の最新リリース ${latest}`,
      en: `update available: ${check.version} → the product's latest release ${latest}`,
    },
    "newer-than-release": {
      ja: `機器の ${check.version} は製品の最新リリース ${latest} より新しい版です（リリースの登録漏れ？）`,
      en: `the device runs ${check.version}, newer than the product's latest release ${latest} (release not recorded?)`,
    },
    unknown: {
      ja:
        check.version === null
          ? "不明: 機器のバージョンを読めませんでした"
          : "不明: 製品にファームウェアのリリースが登録されていません",
      en:
        check.version === null
          ? "unknown: the device's version was not read"
          : "unknown: the product has no firmware release recorded",
    },
  };
  const version: TestUnit = {
    id: "platform-version",
    verdict: check.status === "latest" ? "PASS" : check.status === "unknown" ? "NOT_RUN" : "INCONCLUSIVE",
    detail: versionTexts[check.status],
  };
  return {
    units: [model, version],
    line: {
      ja: `プラットフォームの記録との照合: ${model.detail.ja}。${version.detail.ja}`,
      en: `against the platform's records: ${model.detail.en}; ${version.detail.en}`,
    },
  };
}

/**
 * Adds the platform's view to every device-info result of a run: the device's model against the
 * product's model numbers (a model that is not one of them FAILs `platform-model`) and its version
 * against the product's newest firmware release (latest / update available / unknown). The units,
 * a summary line and `findings.platform` are added and the verdict is recombined; other results are
 * returned as they are.
 */
export async function checkRunAgainstPlatform(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  productId: string,
  run: RunResult,
): Promise<RunResult> {
  if (!run.results.some((r) => r.probe === "device-info")) return run;
  const modelNumbers = (await listModelNumbers(deps, ctx, productId)).map((m) => m.modelNumber);
  const newest = (await listFirmwareReleases(deps, ctx, productId))[0];
  const latestRelease = newest ? { version: newest.version, releasedOn: newest.releasedOn } : null;
  return {
    ...run,
    results: run.results.map((r) => {
      if (r.probe !== "device-info") return r;
      const check = platformCheck(r, modelNumbers, latestRelease);
      const { units, line } = platformUnits(check);
      const all = [...r.units.filter((u) => !u.id.startsWith("platform-")), ...units];
      return {
        ...r,
        verdict: combineVerdicts(all.map((u) => u.verdict)),
        summary: { ja: `${r.summary.ja}／${line.ja}`, en: `${r.summary.en}; ${line.en}` },
        findings: { ...r.findings, platform: check },
        units: all,
      };
    }),
  };
}
