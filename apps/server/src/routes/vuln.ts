import { createRoute, z } from "@hono/zod-openapi";
import {
  deleteVexStatement,
  exportCycloneDx,
  getVulnPolicy,
  importNvdFeed,
  importOsvZip,
  importScannerReport,
  listVulnSources,
  MAX_REPORT_BYTES,
  releaseFindings,
  SEVERITIES,
  scanRelease,
  setVexStatement,
  setVulnPolicy,
  VEX_JUSTIFICATIONS,
  vexStatementSchema,
  vulnPolicySchema,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../schemas.ts";
import { signedInUser } from "./caller.ts";
import { bodyBuffer, uploadName, withBodyFile } from "./read-body.ts";

const releaseParam = idParam("releaseId");

const source = z
  .object({
    id: z.string(),
    kind: z.enum(["osv", "nvd"]),
    name: z.string(),
    fileName: z.string().nullable(),
    sha256: z.string(),
    advisoryCount: z.number(),
    dataModifiedAt: z.string().nullable(),
    importedAt: z.string(),
    importedBy: z.string().nullable(),
  })
  .openapi("VulnSource");

const statement = z
  .object({
    id: z.string(),
    releaseId: z.string(),
    vulnId: z.string(),
    componentKey: z.string(),
    state: z.literal("not_affected"),
    justification: z.string(),
    detail: z.string().nullable(),
    version: z.number(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    updatedAt: z.string(),
    updatedBy: z.string().nullable(),
    updatedByName: z.string().nullable(),
  })
  .openapi("VexStatement");

const finding = z
  .object({
    id: z.string(),
    scanId: z.string(),
    scanKind: z.string(),
    componentId: z.string().nullable(),
    componentName: z.string(),
    componentVersion: z.string().nullable(),
    componentKey: z.string(),
    purl: z.string().nullable(),
    vulnId: z.string(),
    aliases: z.array(z.string()),
    severity: z.string(),
    score: z.number().nullable(),
    summary: z.string().nullable(),
    fixedVersions: z.array(z.string()),
    source: z.string(),
    status: z.enum(["affected", "not_affected"]),
    statement: z.union([statement, z.null()]),
    blocking: z.boolean(),
  })
  .openapi("Finding");

const policy = z
  .object({ minSeverity: z.enum(SEVERITIES), unknownBlocks: z.boolean(), version: z.number() })
  .openapi("VulnPolicy");

const scanResult = z
  .object({
    scanId: z.string(),
    evidenceId: z.string(),
    kind: z.string(),
    tool: z.string(),
    counts: z.object({
      components: z.number(),
      findings: z.number(),
      bySeverity: z.record(z.string(), z.number()),
    }),
  })
  .openapi("VulnScan");

const binaryBody = (type: string, description: string) => ({
  required: true,
  description,
  content: { [type]: { schema: z.string().openapi({ type: "string", format: "binary" }) } },
});

const fileNameQuery = z.object({
  fileName: z
    .string()
    .max(1000)
    .optional()
    .openapi({ param: { name: "fileName", in: "query" } }),
});

const r = {
  sources: createRoute({
    method: "get",
    path: "/api/vuln/sources",
    tags: ["vulnerabilities"],
    summary: "Imported advisory data, with dates and age / 脆弱性データの取り込み状況",
    responses: {
      200: jsonResponse(
        z.array(
          source.extend({
            ageDays: z.number().nullable(),
            stale: z.boolean().openapi({ description: "Data older than staleAfterDays: import newer data" }),
            staleAfterDays: z.number().int(),
          }),
        ),
        "Sources",
      ),
      ...errorResponses(401, 403),
    },
  }),
  importOsv: createRoute({
    method: "post",
    path: "/api/vuln/sources/osv",
    tags: ["vulnerabilities"],
    summary: "Import an OSV ecosystem dump (all.zip), instance-wide / OSV データの取り込み",
    request: { query: fileNameQuery, body: binaryBody("application/zip", "all.zip as OSV publishes it") },
    responses: { 201: jsonResponse(source, "Imported"), ...errorResponses(413, 422) },
  }),
  importNvd: createRoute({
    method: "post",
    path: "/api/vuln/sources/nvd",
    tags: ["vulnerabilities"],
    summary: "Import an NVD CVE JSON 2.0 feed (.json.gz), instance-wide / NVD フィードの取り込み",
    request: { query: fileNameQuery, body: binaryBody("application/gzip", "nvdcve-2.0-YYYY.json.gz") },
    responses: { 201: jsonResponse(source, "Imported"), ...errorResponses(413, 422) },
  }),
  scan: createRoute({
    method: "post",
    path: "/api/releases/{releaseId}/vuln-scans",
    tags: ["vulnerabilities"],
    summary: "Scan a release offline against the imported data (S1.1-13 evidence) / 既知の脆弱性の検査",
    request: { params: releaseParam },
    responses: { 201: jsonResponse(scanResult, "Scanned and filed"), ...errorResponses(404) },
  }),
  report: createRoute({
    method: "post",
    path: "/api/releases/{releaseId}/scanner-reports",
    tags: ["vulnerabilities"],
    summary: "Import a Trivy/Grype JSON or Greenbone/OpenVAS XML report / スキャナーレポートの取り込み",
    request: {
      params: releaseParam,
      query: fileNameQuery,
      body: binaryBody("application/octet-stream", "The report file as the tool wrote it"),
    },
    responses: { 201: jsonResponse(scanResult, "Imported and filed"), ...errorResponses(404, 413, 422) },
  }),
  findings: createRoute({
    method: "get",
    path: "/api/releases/{releaseId}/findings",
    tags: ["vulnerabilities"],
    summary: "Current findings of a release with VEX status / リリースの脆弱性",
    request: { params: releaseParam },
    responses: {
      200: jsonResponse(
        z.object({
          releaseId: z.string(),
          policy,
          scans: z.array(
            z.object({
              id: z.string(),
              kind: z.string(),
              tool: z.string(),
              sources: z.array(z.unknown()),
              counts: z.unknown(),
              evidenceId: z.string().nullable(),
              createdAt: z.string(),
            }),
          ),
          findings: z.array(finding),
          counts: z.object({
            total: z.number(),
            affected: z.number(),
            notAffected: z.number(),
            blocking: z.number(),
          }),
        }),
        "Findings",
      ),
      ...errorResponses(404),
    },
  }),
  setVex: createRoute({
    method: "put",
    path: "/api/releases/{releaseId}/vex",
    tags: ["vulnerabilities"],
    summary: `Mark a finding not affected (${VEX_JUSTIFICATIONS.slice(0, 3).join(" / ")}, …) / 影響なしの記録`,
    request: { params: releaseParam, body: jsonBody(vexStatementSchema) },
    responses: { 200: jsonResponse(statement, "Recorded"), ...errorResponses(400, 404, 409) },
  }),
  exportVex: createRoute({
    method: "get",
    path: "/api/releases/{releaseId}/vex",
    tags: ["vulnerabilities"],
    summary: "The release's VEX statements as CycloneDX 1.6 VEX / CycloneDX VEX 出力",
    request: { params: releaseParam },
    responses: { 200: { description: "CycloneDX 1.6 JSON with vulnerabilities" }, ...errorResponses(404) },
  }),
  deleteVex: createRoute({
    method: "delete",
    path: "/api/vex/{statementId}",
    tags: ["vulnerabilities"],
    summary: "Withdraw a not-affected statement / 影響なしの取り消し",
    request: { params: idParam("statementId") },
    responses: { 204: { description: "Withdrawn" }, ...errorResponses(404) },
  }),
  getPolicy: createRoute({
    method: "get",
    path: "/api/vuln/policy",
    tags: ["vulnerabilities"],
    summary: "Severity from which unresolved findings block readiness / 申請を止める深刻度",
    responses: { 200: jsonResponse(policy, "The policy (default: high)"), ...errorResponses(401, 403) },
  }),
  setPolicy: createRoute({
    method: "put",
    path: "/api/vuln/policy",
    tags: ["vulnerabilities"],
    summary: "Set the blocking severity / 申請を止める深刻度の設定",
    request: { body: jsonBody(vulnPolicySchema) },
    responses: { 200: jsonResponse(policy, "Saved"), ...errorResponses(400, 409) },
  }),
};

export function registerVuln(app: App): void {
  app.openapi(r.sources, async (c) => c.json(await listVulnSources(c.get("deps")), 200));
  app.openapi(r.importOsv, async (c) => {
    const deps = c.get("deps");
    const name = uploadName(c);
    return c.json(
      await withBodyFile(c, deps.maxUploadBytes, "all.zip", (file) =>
        importOsvZip(deps, { id: signedInUser(c).id }, file, { fileName: name ?? "all.zip" }),
      ),
      201,
    );
  });
  app.openapi(r.importNvd, async (c) => {
    const deps = c.get("deps");
    const name = uploadName(c);
    return c.json(
      await withBodyFile(c, deps.maxUploadBytes, "feed.json.gz", (file) =>
        importNvdFeed(deps, { id: signedInUser(c).id }, file, { fileName: name ?? "nvd.json.gz" }),
      ),
      201,
    );
  });
  app.openapi(r.scan, async (c) => {
    const result = await scanRelease(c.get("deps"), c.get("ctx"), c.req.valid("param").releaseId);
    return c.json(
      {
        scanId: result.scanId,
        evidenceId: result.evidenceId,
        kind: result.kind,
        tool: result.tool,
        counts: result.counts,
      },
      201,
    );
  });
  app.openapi(r.report, async (c) => {
    const bytes = await bodyBuffer(c, Math.min(MAX_REPORT_BYTES, c.get("deps").maxUploadBytes));
    return c.json(
      await importScannerReport(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").releaseId,
        bytes,
        uploadName(c),
      ),
      201,
    );
  });
  app.openapi(r.findings, async (c) =>
    c.json(await releaseFindings(c.get("deps"), c.get("ctx"), c.req.valid("param").releaseId), 200),
  );
  app.openapi(r.setVex, async (c) =>
    c.json(
      await setVexStatement(c.get("deps"), c.get("ctx"), c.req.valid("param").releaseId, c.req.valid("json")),
      200,
    ),
  );
  app.openapi(r.exportVex, async (c) => {
    const { releaseId } = c.req.valid("param");
    const json = await exportCycloneDx(c.get("deps"), c.get("ctx"), releaseId, { vex: true });
    c.header("Content-Type", "application/vnd.cyclonedx+json; version=1.6");
    c.header("Content-Disposition", `attachment; filename="vex-${releaseId}.cdx.json"`);
    return c.body(json, 200);
  });
  app.openapi(r.deleteVex, async (c) => {
    await deleteVexStatement(c.get("deps"), c.get("ctx"), c.req.valid("param").statementId);
    return c.body(null, 204);
  });
  app.openapi(r.getPolicy, async (c) =>
    c.json(await getVulnPolicy(c.get("deps").db, c.get("ctx").orgId), 200),
  );
  app.openapi(r.setPolicy, async (c) =>
    c.json(await setVulnPolicy(c.get("deps"), c.get("ctx"), c.req.valid("json")), 200),
  );
}
