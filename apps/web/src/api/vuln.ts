/** Types of the SBOM and vulnerability API (apps/server/src/routes/sbom.ts, vuln.ts). */
export type ReleaseComponent = {
  id: string;
  name: string;
  version: string | null;
  supplier: string | null;
  license: string | null;
  purl: string | null;
  cpe: string | null;
  ecosystem: string | null;
};

export type VulnSource = {
  id: string;
  kind: "osv" | "nvd";
  name: string;
  advisoryCount: number;
  dataModifiedAt: string | null;
  importedAt: string;
  ageDays: number | null;
};

export type VexStatement = {
  id: string;
  vulnId: string;
  componentKey: string;
  justification: string;
  detail: string | null;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
  updatedByName: string | null;
};

export type Finding = {
  id: string;
  scanKind: string;
  componentName: string;
  componentVersion: string | null;
  componentKey: string;
  vulnId: string;
  aliases: string[];
  severity: string;
  score: number | null;
  summary: string | null;
  fixedVersions: string[];
  source: string;
  status: "affected" | "not_affected";
  statement: VexStatement | null;
  blocking: boolean;
};

export type ReleaseFindings = {
  policy: { minSeverity: string; unknownBlocks: boolean; version: number };
  scans: { id: string; kind: string; tool: string; createdAt: string }[];
  findings: Finding[];
  counts: { total: number; affected: number; notAffected: number; blocking: number };
};

export const SEVERITIES = ["critical", "high", "medium", "low", "none", "unknown"] as const;
export const JUSTIFICATIONS = [
  "code_not_present",
  "code_not_reachable",
  "protected_by_mitigating_control",
  "requires_configuration",
  "requires_dependency",
  "requires_environment",
  "protected_by_compiler",
  "protected_at_runtime",
  "protected_at_perimeter",
] as const;
