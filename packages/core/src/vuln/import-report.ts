import type { RequestContext } from "../context/deps.ts";
import { getReleaseRow } from "../sbom/release.ts";
import type { VaultDeps } from "../vault/upload.ts";
import { parseScannerReport } from "./scanner-reports.ts";
import { storeScan } from "./store-scan.ts";

/**
 * Imports a scanner report (Trivy or Grype JSON, Greenbone/OpenVAS XML) as a scan of a release: its findings join
 * the release's findings view (newest report of each tool), and the report file is filed as S1.1-13 evidence.
 */
export async function importScannerReport(
  deps: VaultDeps,
  ctx: RequestContext,
  releaseId: string,
  bytes: Buffer,
  fileName: string | null,
) {
  const release = await getReleaseRow(deps, ctx, releaseId);
  const report = parseScannerReport(bytes);
  const result = await storeScan(deps, ctx, {
    releaseId,
    productId: release.product_id,
    releaseVersion: release.version,
    kind: report.kind,
    tool: report.tool,
    sources: [{ kind: report.kind, name: fileName ?? report.kind, target: report.target }],
    components: new Set(report.findings.map((f) => f.componentKey)).size,
    findings: report.findings,
    original: {
      bytes,
      name: fileName ?? `${report.kind}-report.${report.kind === "openvas" ? "xml" : "json"}`,
    },
  });
  return {
    scanId: result.scanId,
    evidenceId: result.evidenceId,
    kind: result.kind,
    tool: result.tool,
    counts: result.counts,
  };
}
