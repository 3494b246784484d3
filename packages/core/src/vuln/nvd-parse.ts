import { z } from "zod";
import type { AdvisoryRow } from "./osv-parse.ts";
import { parseCpe } from "./purl.ts";
import { normaliseSeverity, severityOfScore } from "./severity.ts";

const metric = z
  .object({
    type: z.string().max(50).optional(),
    cvssData: z
      .object({ baseScore: z.number().min(0).max(10), vectorString: z.string().max(500).optional() })
      .passthrough(),
    baseSeverity: z.string().max(50).optional(),
  })
  .passthrough();

const cpeMatch = z
  .object({
    vulnerable: z.boolean(),
    criteria: z.string().max(1000),
    versionStartIncluding: z.string().max(200).optional(),
    versionStartExcluding: z.string().max(200).optional(),
    versionEndIncluding: z.string().max(200).optional(),
    versionEndExcluding: z.string().max(200).optional(),
  })
  .passthrough();

/** One element of `vulnerabilities` in an NVD CVE JSON 2.0 feed: the parts matching by CPE uses. */
export const nvdItemSchema = z.object({
  cve: z
    .object({
      id: z.string().regex(/^CVE-\d{4}-\d{4,}$/),
      published: z.string().max(100).optional(),
      lastModified: z.string().max(100).optional(),
      vulnStatus: z.string().max(100).optional(),
      descriptions: z
        .array(z.object({ lang: z.string().max(20), value: z.string() }).passthrough())
        .optional(),
      metrics: z.record(z.string(), z.array(metric).max(50)).optional(),
      configurations: z
        .array(
          z
            .object({
              nodes: z
                .array(z.object({ cpeMatch: z.array(cpeMatch).max(100_000).optional() }).passthrough())
                .max(10_000),
            })
            .passthrough(),
        )
        .max(10_000)
        .optional(),
    })
    .passthrough(),
});

const METRIC_ORDER = ["cvssMetricV40", "cvssMetricV31", "cvssMetricV30", "cvssMetricV2"];

/** One NVD CVE as an advisory with CPE-affected rows (vulnerable cpeMatch entries only). */
export function nvdAdvisory(item: z.output<typeof nvdItemSchema>): AdvisoryRow | null {
  const cve = item.cve;
  if (cve.vulnStatus === "Rejected") return null;
  let score: number | null = null;
  let vector: string | null = null;
  let word: string | undefined;
  for (const key of METRIC_ORDER) {
    const list = cve.metrics?.[key] ?? [];
    const m = list.find((x) => x.type === "Primary") ?? list[0];
    if (m) {
      score = m.cvssData.baseScore;
      vector = m.cvssData.vectorString ?? null;
      word = (m.cvssData as { baseSeverity?: string }).baseSeverity ?? m.baseSeverity;
      break;
    }
  }
  const affected: AdvisoryRow["affected"] = [];
  for (const config of cve.configurations ?? []) {
    for (const node of config.nodes) {
      for (const m of node.cpeMatch ?? []) {
        if (!m.vulnerable) continue;
        const cpe = parseCpe(m.criteria);
        if (!cpe) continue;
        affected.push({
          ecosystem: "cpe",
          package: cpe.package,
          data: {
            kind: "cpe",
            version: cpe.version,
            ...(m.versionStartIncluding ? { startIncluding: m.versionStartIncluding } : {}),
            ...(m.versionStartExcluding ? { startExcluding: m.versionStartExcluding } : {}),
            ...(m.versionEndIncluding ? { endIncluding: m.versionEndIncluding } : {}),
            ...(m.versionEndExcluding ? { endExcluding: m.versionEndExcluding } : {}),
          },
        });
      }
    }
  }
  const description = cve.descriptions?.find((d) => d.lang === "en")?.value ?? cve.descriptions?.[0]?.value;
  return {
    advisoryId: cve.id,
    aliases: [],
    summary: description ? description.slice(0, 1000) : null,
    // CVSS v2 has no "critical": NVD's own word for it; v3/v4 by the score.
    severity:
      score === null
        ? "unknown"
        : vector?.startsWith("AV:") && normaliseSeverity(word) !== "unknown"
          ? normaliseSeverity(word)
          : severityOfScore(score),
    score,
    vector,
    published: cve.published ?? null,
    modified: cve.lastModified ?? null,
    affected,
  };
}
