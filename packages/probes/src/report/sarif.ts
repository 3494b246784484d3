import type { Lang, RunResult, Verdict } from "../result/types.ts";
import { profileLocation, profileRegions, type Region } from "./sarif-location.ts";

const KIND: Record<Verdict, { kind: string; level: string }> = {
  FAIL: { kind: "fail", level: "error" },
  ERROR: { kind: "fail", level: "warning" },
  INCONCLUSIVE: { kind: "review", level: "none" },
  PASS: { kind: "pass", level: "none" },
  NOT_RUN: { kind: "notApplicable", level: "none" },
};

/** Options of renderSarif(). */
export interface SarifOptions {
  lang: Lang;
  /** Path of the profile file, used as the artifact every result points at (written as a relative URI). */
  profilePath?: string;
  /** The profile's text: results then carry the region of their service or key in it. */
  profileSource?: string;
  /** Folder the relative URI is taken from (default the process's working folder). */
  cwd?: string;
}

interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  properties: { criteria: string[] };
}

/** `brute-force/valid-login` → `BruteForceValidLogin` (a rule's name, distinct from its id). */
export function ruleName(probe: string, unitId: string): string {
  return `${probe}-${unitId}`
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join("");
}

/**
 * SARIF 2.1.0 log of a run: one rule per (probe, unit id) with a readable name, one result per test
 * unit with `kind` pass / fail / review / notApplicable (ERROR is a fail at level warning). Results
 * point at the profile by a relative URI with a `uriBaseId` (never an absolute local path) and, with
 * `profileSource`, at the region of their service or key. The message is in `lang`; both languages
 * are kept in `properties.detail`.
 */
export function renderSarif(run: RunResult, options: SarifOptions): string {
  const rules = new Map<string, Rule>();
  const where = options.profilePath ? profileLocation(options.profilePath, options.cwd) : null;
  const regions = options.profileSource ? profileRegions(options.profileSource) : new Map<string, Region>();
  const results = run.results.flatMap((r) => {
    const region = regions.get(r.service ? `service:${r.service}` : `probe:${r.probe}`);
    return r.units.map((u) => {
      const ruleId = `${r.probe}/${u.id}`;
      if (!rules.has(ruleId))
        rules.set(ruleId, {
          id: ruleId,
          name: ruleName(r.probe, u.id),
          shortDescription: { text: `${r.probe} probe: ${u.id.replaceAll("-", " ")}` },
          properties: { criteria: r.criteria },
        });
      const { kind, level } = KIND[u.verdict];
      const location: Record<string, unknown> = {
        logicalLocations: [{ name: r.service ? `${run.host} ${r.service}` : run.host, kind: "resource" }],
      };
      if (where)
        location.physicalLocation = {
          artifactLocation: where.artifactLocation,
          ...(region ? { region } : {}),
        };
      return {
        ruleId,
        ruleIndex: [...rules.keys()].indexOf(ruleId),
        kind,
        level,
        message: { text: u.detail[options.lang] },
        locations: [location],
        properties: {
          verdict: u.verdict,
          resultVerdict: r.verdict,
          probe: r.probe,
          ...(r.service ? { service: r.service } : {}),
          criteria: r.criteria,
          detail: u.detail,
        },
      };
    });
  });
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "jcstar", version: run.version, rules: [...rules.values()] } },
        invocations: [{ executionSuccessful: true, startTimeUtc: run.startedAt, endTimeUtc: run.finishedAt }],
        ...(where
          ? {
              originalUriBaseIds: where.originalUriBaseIds,
              artifacts: [{ location: where.artifactLocation }],
            }
          : {}),
        properties: { profile: run.profile, host: run.host },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
