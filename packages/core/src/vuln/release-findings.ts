import type { CoreDeps, RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { getReleaseRow } from "../sbom/release.ts";
import { getVulnPolicy, type VulnPolicy } from "./policy.ts";
import { reaches, type Severity, severityRank } from "./severity.ts";
import { toStatement, userNames, type VexStatement } from "./vex.ts";

export type Finding = {
  id: string;
  scanId: string;
  scanKind: string;
  componentId: string | null;
  componentName: string;
  componentVersion: string | null;
  componentKey: string;
  purl: string | null;
  vulnId: string;
  aliases: string[];
  severity: Severity;
  score: number | null;
  summary: string | null;
  fixedVersions: string[];
  source: string;
  /** affected until a VEX statement says not_affected. */
  status: "affected" | "not_affected";
  statement: VexStatement | null;
  /** Unresolved and at or above the organisation's threshold: blocks readiness. */
  blocking: boolean;
};

export type ScanSummary = {
  id: string;
  kind: string;
  tool: string;
  sources: unknown[];
  counts: unknown;
  evidenceId: string | null;
  createdAt: string;
};

export type ReleaseFindings = {
  releaseId: string;
  policy: VulnPolicy;
  scans: ScanSummary[];
  findings: Finding[];
  counts: { total: number; affected: number; notAffected: number; blocking: number };
};

/**
 * The current findings of a release: those of the newest scan of each kind (jcstar's match, Trivy, Grype,
 * OpenVAS), each with its VEX status (a statement matches the finding's id or one of its aliases) and whether
 * it blocks readiness under the organisation's policy.
 */
export async function releaseFindingsOf(db: Db, orgId: string, releaseId: string): Promise<ReleaseFindings> {
  const policy = await getVulnPolicy(db, orgId);
  const scans = await db
    .selectFrom("vuln_scans")
    .selectAll()
    .where("release_id", "=", releaseId)
    .where("org_id", "=", orgId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  const latest = new Map<string, (typeof scans)[number]>();
  for (const s of scans) if (!latest.has(s.kind)) latest.set(s.kind, s);
  const current = [...latest.values()];
  const rows = current.length
    ? await db
        .selectFrom("vuln_findings")
        .selectAll()
        .where(
          "scan_id",
          "in",
          current.map((s) => s.id),
        )
        .execute()
    : [];
  const statementRows = await db
    .selectFrom("vex_statements")
    .selectAll()
    .where("release_id", "=", releaseId)
    .where("org_id", "=", orgId)
    .execute();
  const names = await userNames(
    db,
    statementRows.map((r) => r.updated_by),
  );
  const statements = statementRows.map((r) => toStatement(r, names));
  const kindOf = new Map(current.map((s) => [s.id, s.kind]));
  const findings = rows.map((r): Finding => {
    const aliases = JSON.parse(r.aliases) as string[];
    const ids = [r.vuln_id, ...aliases];
    const statement =
      statements.find((s) => s.componentKey === r.component_key && ids.includes(s.vulnId)) ?? null;
    const status = statement ? "not_affected" : "affected";
    return {
      id: r.id,
      scanId: r.scan_id,
      scanKind: kindOf.get(r.scan_id) ?? "",
      componentId: r.component_id,
      componentName: r.component_name,
      componentVersion: r.component_version,
      componentKey: r.component_key,
      purl: r.purl,
      vulnId: r.vuln_id,
      aliases,
      severity: r.severity as Severity,
      score: r.score_x10 === null ? null : Number(r.score_x10) / 10,
      summary: r.summary,
      fixedVersions: JSON.parse(r.fixed_versions) as string[],
      source: r.source,
      status,
      statement,
      blocking: status === "affected" && reaches(r.severity, policy.minSeverity, policy.unknownBlocks),
    };
  });
  findings.sort(
    (a, b) =>
      Number(b.blocking) - Number(a.blocking) ||
      severityRank(b.severity) - severityRank(a.severity) ||
      a.componentName.localeCompare(b.componentName) ||
      a.vulnId.localeCompare(b.vulnId),
  );
  return {
    releaseId,
    policy,
    scans: current.map((s) => ({
      id: s.id,
      kind: s.kind,
      tool: s.tool,
      sources: JSON.parse(s.sources) as unknown[],
      counts: JSON.parse(s.counts) as unknown,
      evidenceId: s.evidence_id,
      createdAt: s.created_at,
    })),
    findings,
    counts: {
      total: findings.length,
      affected: findings.filter((f) => f.status === "affected").length,
      notAffected: findings.filter((f) => f.status === "not_affected").length,
      blocking: findings.filter((f) => f.blocking).length,
    },
  };
}

export async function releaseFindings(deps: Pick<CoreDeps, "db">, ctx: RequestContext, releaseId: string) {
  await getReleaseRow(deps, ctx, releaseId);
  return releaseFindingsOf(deps.db, ctx.orgId, releaseId);
}

/**
 * What readiness needs to know of a product's vulnerabilities: the blocking findings of its latest release
 * (newest release date, then creation), or null when no release has been scanned.
 */
export async function productVulnerabilityState(db: Db, orgId: string, productId: string) {
  const release = await db
    .selectFrom("firmware_releases")
    .select(["id", "version"])
    .where("product_id", "=", productId)
    .where("org_id", "=", orgId)
    .orderBy("released_on", "desc")
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  if (!release) return null;
  const view = await releaseFindingsOf(db, orgId, release.id);
  if (view.scans.length === 0) return null;
  return {
    releaseId: release.id,
    releaseVersion: release.version,
    minSeverity: view.policy.minSeverity,
    blocking: view.counts.blocking,
  };
}
