import * as cvssModule from "ae-cvss-calculator";

export const SEVERITIES = ["none", "low", "medium", "high", "critical"] as const;
export type KnownSeverity = (typeof SEVERITIES)[number];
export type Severity = KnownSeverity | "unknown";

/**
 * Every severity in the order findings are listed and offered (severityRank descending): most severe first,
 * unknown last. The one order: the web receives it from GET /api/rules.
 */
export const SEVERITY_ORDER: readonly Severity[] = [...[...SEVERITIES].reverse(), "unknown"];

// The package is CommonJS: under ESM its exports may sit on `default`.
const cvss = ((cvssModule as unknown as { default?: typeof cvssModule }).default ??
  cvssModule) as typeof cvssModule;

/** CVSS v3/v4 qualitative rating of a base score (0.0 none … 9.0+ critical). */
export function severityOfScore(score: number): KnownSeverity {
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  if (score > 0) return "low";
  return "none";
}

/** The base score of a CVSS 2.0/3.0/3.1/4.0 vector (ae-cvss-calculator), or null for an unreadable vector. */
export function scoreOfVector(vector: string): number | null {
  try {
    const parsed = cvss.fromVector(vector.slice(0, 500));
    if (!parsed) return null;
    const score = Number(parsed.calculateScores().overall);
    return Number.isFinite(score) && score >= 0 && score <= 10 ? score : null;
  } catch {
    return null;
  }
}

/** A severity word from a tool or advisory (HIGH, Moderate, Important, Negligible…) as one of ours. */
export function normaliseSeverity(word: string | null | undefined): Severity {
  const w = (word ?? "").trim().toLowerCase();
  if (w === "critical") return "critical";
  if (w === "high" || w === "important") return "high";
  if (w === "medium" || w === "moderate") return "medium";
  if (w === "low" || w === "negligible") return "low";
  if (w === "none" || w === "log" || w === "info" || w === "informational") return "none";
  return "unknown";
}

/** The rank of a severity for comparisons; unknown ranks by the policy's choice. */
export function severityRank(severity: string): number {
  return SEVERITIES.indexOf(severity as KnownSeverity);
}

/** Whether a finding's severity reaches the blocking threshold (unknown counts when the policy says so). */
export function reaches(severity: string, min: KnownSeverity, unknownBlocks: boolean): boolean {
  if (severity === "unknown") return unknownBlocks;
  return severityRank(severity) >= severityRank(min);
}
