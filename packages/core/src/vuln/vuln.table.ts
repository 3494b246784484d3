/** One imported SBOM file of a firmware release. */
export interface SbomImportTable {
  id: string;
  org_id: string;
  product_id: string;
  release_id: string;
  /** cyclonedx-json | cyclonedx-xml | spdx-json */
  format: string;
  spec_version: string;
  file_name: string | null;
  sha256: string;
  component_count: number;
  created_at: string;
  created_by: string | null;
}

/** One import of advisory data (an OSV ecosystem dump or an NVD feed); instance-wide. */
export interface VulnSourceTable {
  id: string;
  /** osv | nvd */
  kind: string;
  /** The OSV ecosystem ("Debian", "npm", …) or the NVD feed name. */
  name: string;
  file_name: string | null;
  sha256: string;
  advisory_count: number;
  /** The newest `modified` date in the data: how fresh the data is. */
  data_modified_at: string | null;
  imported_at: string;
  imported_by: string | null;
}

export interface VulnAdvisoryTable {
  /** `${kind}:${source name}:${advisory id}` */
  key: string;
  source_id: string;
  kind: string;
  advisory_id: string;
  /** JSON array of other ids (CVE ids of a GHSA, …). */
  aliases: string;
  summary: string | null;
  /** critical | high | medium | low | none | unknown */
  severity: string;
  score_x10: number | null;
  vector: string | null;
  published: string | null;
  modified: string | null;
}

export interface VulnAffectedTable {
  id: string;
  advisory_key: string;
  source_id: string;
  /** Lower-case ecosystem (debian, npm, pypi, maven, …) or "cpe". */
  ecosystem: string;
  /** Normalised package name, or "vendor:product" for CPE. */
  package: string;
  /** JSON: AffectedData (ranges, versions, distribution release; or CPE bounds). */
  data: string;
}

export interface VulnPolicyTable {
  org_id: string;
  min_severity: string;
  unknown_blocks: number;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

export interface VulnScanTable {
  id: string;
  org_id: string;
  product_id: string;
  release_id: string;
  /** match (jcstar's own) | trivy | grype | openvas */
  kind: string;
  tool: string;
  /** JSON: the data sources and their dates. */
  sources: string;
  /** JSON: counts by severity and status. */
  counts: string;
  evidence_id: string | null;
  created_at: string;
  created_by: string | null;
}

export interface VulnFindingTable {
  id: string;
  org_id: string;
  scan_id: string;
  release_id: string;
  component_id: string | null;
  component_name: string;
  component_version: string | null;
  /** The purl, or name@version: what a VEX statement refers to. */
  component_key: string;
  purl: string | null;
  vuln_id: string;
  aliases: string;
  severity: string;
  score_x10: number | null;
  summary: string | null;
  fixed_versions: string;
  source: string;
  created_at: string;
}

export interface VexStatementTable {
  id: string;
  org_id: string;
  product_id: string;
  release_id: string;
  vuln_id: string;
  component_key: string;
  state: string;
  justification: string;
  detail: string | null;
  version: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}
