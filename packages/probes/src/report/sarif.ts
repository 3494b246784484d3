import type { Lang, RunResult, Verdict } from "../result/types.ts";

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
  /** Path of the profile file, used as the artifact every result points at. */
  profilePath?: string;
}

/**
 * SARIF 2.1.0 log of a run: one rule per (probe, unit id), one result per test unit with
 * `kind` pass / fail / review / notApplicable (ERROR is a fail at level warning). The message is
 * in `lang`; both languages are kept in `properties.detail`.
 */
export function renderSarif(run: RunResult, options: SarifOptions): string {
  const rules = new Map<
    string,
    { id: string; name: string; shortDescription: { text: string }; properties: { criteria: string[] } }
  >();
  const results = run.results.flatMap((r) =>
    r.units.map((u) => {
      const ruleId = `${r.probe}/${u.id}`;
      if (!rules.has(ruleId))
        rules.set(ruleId, {
          id: ruleId,
          name: ruleId,
          shortDescription: { text: `${r.probe}: ${u.id}` },
          properties: { criteria: r.criteria },
        });
      const { kind, level } = KIND[u.verdict];
      const location: Record<string, unknown> = {
        logicalLocations: [{ name: r.service ? `${run.host} ${r.service}` : run.host, kind: "resource" }],
      };
      if (options.profilePath) location.physicalLocation = { artifactLocation: { uri: options.profilePath } };
      return {
        ruleId,
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
    }),
  );
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "jcstar",
            version: run.version,
            informationUri: "https://github.com/jcstar",
            rules: [...rules.values()],
          },
        },
        invocations: [{ executionSuccessful: true, startTimeUtc: run.startedAt, endTimeUtc: run.finishedAt }],
        properties: { profile: run.profile, host: run.host },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
