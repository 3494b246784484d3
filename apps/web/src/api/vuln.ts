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
