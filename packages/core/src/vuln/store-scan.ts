import { Readable } from "node:stream";
import { appendAudit } from "../audit/audit-log.ts";
import type { RequestContext } from "../context/deps.ts";
import { newId } from "../db/ids.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { evidenceCreateSchema } from "../evidence/evidence.schema.ts";
import { evidenceRow, insertEvidence } from "../evidence/evidence.ts";
import { bothLangs } from "../i18n/text.ts";
import { putBlob } from "../vault/blob-store.ts";
import { linkToCriteria } from "../vault/link-criteria.ts";
import type { VaultDeps } from "../vault/upload.ts";
import { VULN_SCAN_CRITERION } from "./criterion.ts";
import type { MatchedFinding } from "./match.ts";
import { toStatement } from "./vex.ts";

const CHUNK = 200;

export type ScanInput = {
  releaseId: string;
  productId: string;
  releaseVersion: string;
  kind: "match" | "trivy" | "grype" | "openvas";
  tool: string;
  sources: unknown[];
  components: number;
  findings: MatchedFinding[];
  /** The original report file (scanner imports), kept in the vault as the evidence file. */
  original?: { bytes: Buffer; name: string };
};

const countBy = (findings: MatchedFinding[]) =>
  findings.reduce<Record<string, number>>((acc, f) => {
    acc[f.severity] = (acc[f.severity] ?? 0) + 1;
    return acc;
  }, {});

/**
 * Records a scan of a release — jcstar's own match or an imported scanner report — with its findings, and files it
 * as device-test evidence of S1.1-13 (what was scanned, the data sources and their dates, the findings) linked
 * to the product's newest assessment when there is one. The evidence file is the report (JSON) in the vault.
 * One transaction.
 */
export async function storeScan(deps: VaultDeps, ctx: RequestContext, input: ScanInput) {
  const now = deps.now();
  const id = newId("vscan");
  const counts = {
    components: input.components,
    findings: input.findings.length,
    bySeverity: countBy(input.findings),
  };
  // The release's "not affected" statements that cover these findings go into the record with who and when.
  const statements = (
    await deps.db
      .selectFrom("vex_statements")
      .selectAll()
      .where("release_id", "=", input.releaseId)
      .where("org_id", "=", ctx.orgId)
      .execute()
  ).map((r) => toStatement(r));
  const covering = (f: MatchedFinding) =>
    statements.find(
      (st) => st.componentKey === f.componentKey && [f.vulnId, ...f.aliases].includes(st.vulnId),
    );
  const notAffected = input.findings.filter((f) => covering(f)).length;
  const report = {
    format: "jcstar-vuln-scan/1",
    scanId: id,
    productId: input.productId,
    releaseId: input.releaseId,
    releaseVersion: input.releaseVersion,
    kind: input.kind,
    tool: input.tool,
    scannedAt: now.toISOString(),
    scannedBy: ctx.actor.name,
    sources: input.sources,
    counts: { ...counts, notAffected },
    findings: input.findings.map((f) => {
      const st = covering(f);
      return st
        ? {
            ...f,
            vex: {
              state: st.state,
              justification: st.justification,
              detail: st.detail,
              by: st.updatedBy,
              at: st.updatedAt,
            },
          }
        : f;
    }),
  };
  const file = input.original
    ? { bytes: input.original.bytes, name: input.original.name }
    : {
        bytes: Buffer.from(`${JSON.stringify(report, null, 2)}\n`),
        name: `vuln-scan-${input.releaseVersion}.json`,
      };
  const blob = await putBlob(deps.blobs, Readable.from([file.bytes]), deps.maxUploadBytes);
  const sev = Object.entries(counts.bySeverity)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const sourcesText = input.sources
    .map((s) => {
      const x = s as { kind?: string; name?: string; dataModifiedAt?: string | null; importedAt?: string };
      return `${x.kind ?? ""} ${x.name ?? ""} (${(x.dataModifiedAt ?? x.importedAt ?? "").slice(0, 10)})`.trim();
    })
    .join("; ");
  // Both languages (the caller's first): the record may be read by IPA as well as by the maker's own staff.
  const ja = `リリース ${input.releaseVersion}: 構成要素 ${input.components} 件を ${input.tool} で検査、既知の脆弱性 ${input.findings.length} 件${sev ? `（${sev}）` : ""}、うち影響なし（VEX）${notAffected} 件。データ: ${sourcesText || "—"}`;
  const en = `Release ${input.releaseVersion}: ${input.components} components scanned with ${input.tool}, ${input.findings.length} known vulnerabilities${sev ? ` (${sev})` : ""}, ${notAffected} not affected (VEX). Data: ${sourcesText || "—"}`;
  const summary = ctx.lang === "ja" ? `${ja}\n${en}` : `${en}\n${ja}`;
  const title = bothLangs((lang) =>
    `${lang === "ja" ? "既知の脆弱性の検査" : "Known-vulnerability scan"} — ${input.releaseVersion} (${input.tool})`.slice(
      0,
      300,
    ),
  );
  const evidenceId = await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("vuln_scans")
      .values({
        id,
        org_id: ctx.orgId,
        product_id: input.productId,
        release_id: input.releaseId,
        kind: input.kind,
        tool: input.tool.slice(0, 200),
        sources: JSON.stringify(input.sources),
        counts: JSON.stringify(counts),
        evidence_id: null,
        created_at: now.toISOString(),
        created_by: ctx.actor.id,
      })
      .execute();
    const rows = input.findings.map((f) => ({
      id: newId("vfnd"),
      org_id: ctx.orgId,
      scan_id: id,
      release_id: input.releaseId,
      component_id: f.componentId,
      component_name: f.componentName.slice(0, 300),
      component_version: f.componentVersion?.slice(0, 200) ?? null,
      component_key: f.componentKey.slice(0, 2000),
      purl: f.purl?.slice(0, 2000) ?? null,
      vuln_id: f.vulnId.slice(0, 200),
      aliases: JSON.stringify(f.aliases.slice(0, 100)),
      severity: f.severity,
      score_x10: f.score === null ? null : Math.round(f.score * 10),
      summary: f.summary?.slice(0, 1000) ?? null,
      fixed_versions: JSON.stringify(f.fixedVersions.slice(0, 50)),
      source: f.source,
      created_at: now.toISOString(),
    }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto("vuln_findings")
        .values(rows.slice(i, i + CHUNK))
        .execute();
    }
    await trx
      .insertInto("blobs")
      .values({
        sha256: blob.sha256,
        size: blob.size,
        media_type: blob.mediaType,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column("sha256").doNothing())
      .execute();
    const data = parseOrThrow(evidenceCreateSchema, {
      type: "device_test",
      title: title[ctx.lang],
      recordName: file.name.slice(0, 300),
      resultSummary: summary.slice(0, 5000),
      testedOn: now.toISOString().slice(0, 10),
      tester: ctx.actor.name,
    });
    const row = await evidenceRow(trx, ctx, data, now, {
      file: {
        kind: "log",
        summary: summary.slice(0, 5000),
        blobSha256: blob.sha256,
        originalName: file.name,
      },
      texts: { title, resultSummary: { ja, en }, summary: { ja, en } },
    });
    await insertEvidence(trx, ctx, row, "evidence.created", now);
    const assessment = await trx
      .selectFrom("assessments")
      .select("id")
      .where("product_id", "=", input.productId)
      .where("org_id", "=", ctx.orgId)
      .executeTakeFirst();
    if (assessment) await linkToCriteria(trx, deps, ctx, input.productId, [VULN_SCAN_CRITERION], row.id);
    await trx.updateTable("vuln_scans").set({ evidence_id: row.id }).where("id", "=", id).execute();
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "vuln.scanned",
        entityType: "firmware_release",
        entityId: input.releaseId,
        data: { scanId: id, kind: input.kind, tool: input.tool, findings: rows.length, evidenceId: row.id },
      },
      now,
    );
    return row.id;
  });
  return { scanId: id, evidenceId, kind: input.kind, tool: input.tool, counts, report };
}
