import { z } from "zod";
import type { AffectedData } from "./affected.ts";
import { normalisePackage, osvEcosystem } from "./purl.ts";
import { normaliseSeverity, type Severity, scoreOfVector, severityOfScore } from "./severity.ts";

const str = (max: number) => z.string().max(max);
const event = z
  .object({
    introduced: str(200).optional(),
    fixed: str(200).optional(),
    last_affected: str(200).optional(),
    limit: str(200).optional(),
  })
  .passthrough();

/** The parts of an OSV record (https://ossf.github.io/osv-schema/) that matching uses, with size limits. */
export const osvRecordSchema = z
  .object({
    id: str(200).min(1),
    modified: str(100),
    published: str(100).optional(),
    withdrawn: str(100).optional(),
    aliases: z.array(str(200)).max(1000).optional(),
    summary: str(10_000).optional(),
    details: z.string().optional(),
    severity: z
      .array(z.object({ type: str(50), score: str(500) }).passthrough())
      .max(20)
      .optional(),
    affected: z
      .array(
        z
          .object({
            package: z
              .object({ ecosystem: str(200), name: str(1000), purl: str(2000).optional() })
              .passthrough(),
            ranges: z
              .array(z.object({ type: str(50), events: z.array(event).max(10_000) }).passthrough())
              .max(1000)
              .optional(),
            versions: z.array(str(200)).max(100_000).optional(),
            ecosystem_specific: z.record(z.string(), z.unknown()).optional(),
            database_specific: z.record(z.string(), z.unknown()).optional(),
          })
          .passthrough(),
      )
      .max(10_000)
      .optional(),
    database_specific: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type OsvRecord = z.output<typeof osvRecordSchema>;

export type AdvisoryRow = {
  advisoryId: string;
  aliases: string[];
  summary: string | null;
  severity: Severity;
  score: number | null;
  vector: string | null;
  published: string | null;
  modified: string | null;
  affected: { ecosystem: string; package: string; data: AffectedData }[];
};

function wordSeverity(record: OsvRecord): Severity {
  const fromDb = record.database_specific?.severity;
  if (typeof fromDb === "string") return normaliseSeverity(fromDb);
  for (const a of record.affected ?? []) {
    for (const bag of [a.ecosystem_specific, a.database_specific]) {
      const s = bag?.severity;
      if (typeof s === "string" && normaliseSeverity(s) !== "unknown") return normaliseSeverity(s);
    }
  }
  return "unknown";
}

/** The severity of an OSV record: the highest CVSS base score it carries, else its database's severity word. */
export function osvSeverity(record: OsvRecord): {
  severity: Severity;
  score: number | null;
  vector: string | null;
} {
  let best: { score: number; vector: string } | null = null;
  for (const s of record.severity ?? []) {
    if (!s.type.startsWith("CVSS")) continue;
    const score = scoreOfVector(s.score);
    if (score !== null && (!best || score > best.score)) best = { score, vector: s.score };
  }
  if (best) return { severity: severityOfScore(best.score), score: best.score, vector: best.vector };
  return { severity: wordSeverity(record), score: null, vector: null };
}

/** One OSV JSON record as the rows to store (withdrawn records give null). */
export function osvAdvisory(record: OsvRecord): AdvisoryRow | null {
  if (record.withdrawn) return null;
  const { severity, score, vector } = osvSeverity(record);
  const affected = (record.affected ?? []).map((a) => {
    const { ecosystem, release } = osvEcosystem(a.package.ecosystem);
    return {
      ecosystem,
      package: normalisePackage(ecosystem, a.package.name),
      data: {
        kind: "osv" as const,
        release,
        versions: a.versions ?? [],
        ranges: (a.ranges ?? []).map((r) => ({ type: r.type, events: r.events })),
      },
    };
  });
  return {
    advisoryId: record.id,
    aliases: record.aliases ?? [],
    summary: (record.summary ?? record.details ?? "").slice(0, 1000) || null,
    severity,
    score,
    vector,
    published: record.published ?? null,
    modified: record.modified,
    affected,
  };
}
