import type { RequestContext } from "../context/deps.ts";
import { getReleaseRow } from "../sbom/release.ts";
import { listReleaseComponents } from "../sbom/release-components.ts";
import type { VaultDeps } from "../vault/upload.ts";
import { matchComponents } from "./match.ts";
import { listVulnSources } from "./store-advisories.ts";
import { storeScan } from "./store-scan.ts";

/**
 * Scans a release's components against the imported advisory data (offline), records the findings and files the
 * scan as S1.1-13 evidence naming every data source with its date and age.
 */
export async function scanRelease(deps: VaultDeps, ctx: RequestContext, releaseId: string) {
  const release = await getReleaseRow(deps, ctx, releaseId);
  const components = await listReleaseComponents(deps, ctx, releaseId);
  const sources = await listVulnSources(deps);
  const findings = await matchComponents(deps.db, components);
  return storeScan(deps, ctx, {
    releaseId,
    productId: release.product_id,
    releaseVersion: release.version,
    kind: "match",
    tool: "jcstar",
    sources,
    components: components.length,
    findings,
  });
}
