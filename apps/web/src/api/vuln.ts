/** Types of the SBOM and vulnerability API (apps/server/src/routes/sbom.ts, vuln.ts), from the document. */

import type { Schemas } from "./client.ts";
import type { paths } from "./schema.gen.ts";
export type ReleaseComponent = Schemas["ReleaseComponent"];

/** A source as GET /api/vuln/sources lists it (with its age in days). */
export type VulnSource =
  paths["/api/vuln/sources"]["get"]["responses"][200]["content"]["application/json"][number];

export type VexStatement = Schemas["VexStatement"];

export type Finding = Schemas["Finding"];

export type ReleaseFindings =
  paths["/api/releases/{releaseId}/findings"]["get"]["responses"][200]["content"]["application/json"];

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
