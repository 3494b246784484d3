import { randomUUID } from "node:crypto";
import type * as CDX from "@cyclonedx/cyclonedx-library";
import { PackageURL } from "packageurl-js";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { componentKey } from "../vuln/match.ts";
import { releaseFindingsOf } from "../vuln/release-findings.ts";
import { userNames } from "../vuln/vex.ts";
import { getReleaseRow } from "./release.ts";
import { listReleaseComponents, type ReleaseComponent } from "./release-components.ts";

/** The library is loaded by the export (it is large), not by every import of @jcstar/core. */
type Cdx = typeof CDX;

const justifications = (cdx: Cdx): Record<string, CDX.Enums.Vulnerability.AnalysisJustification> => ({
  code_not_present: cdx.Enums.Vulnerability.AnalysisJustification.CodeNotPresent,
  code_not_reachable: cdx.Enums.Vulnerability.AnalysisJustification.CodeNotReachable,
  requires_configuration: cdx.Enums.Vulnerability.AnalysisJustification.RequiresConfiguration,
  requires_dependency: cdx.Enums.Vulnerability.AnalysisJustification.RequiresDependency,
  requires_environment: cdx.Enums.Vulnerability.AnalysisJustification.RequiresEnvironment,
  protected_by_compiler: cdx.Enums.Vulnerability.AnalysisJustification.ProtectedByCompiler,
  protected_at_runtime: cdx.Enums.Vulnerability.AnalysisJustification.ProtectedAtRuntime,
  protected_at_perimeter: cdx.Enums.Vulnerability.AnalysisJustification.ProtectedAtPerimeter,
  protected_by_mitigating_control: cdx.Enums.Vulnerability.AnalysisJustification.ProtectedByMitigatingControl,
});

function purlOf(text: string | null): PackageURL | undefined {
  if (!text) return undefined;
  try {
    return PackageURL.fromString(text);
  } catch {
    return undefined;
  }
}

const SPDX_ID = /^[A-Za-z0-9.+-]+$/;

function componentModel(
  cdx: Cdx,
  c: ReleaseComponent,
  refs: Map<string, CDX.Models.Component>,
): CDX.Models.Component {
  const model = new cdx.Models.Component(cdx.Enums.ComponentType.Library, c.name, {
    version: c.version ?? undefined,
    bomRef: c.bomRef && !refs.has(c.bomRef) ? c.bomRef : `component:${c.id}`,
    purl: purlOf(c.purl)?.toString(),
    cpe: c.cpe ?? undefined,
    supplier: c.supplier ? new cdx.Models.OrganizationalEntity({ name: c.supplier }) : undefined,
  });
  if (c.license) {
    model.licenses.add(
      SPDX_ID.test(c.license)
        ? new cdx.Models.SpdxLicense(c.license)
        : new cdx.Models.LicenseExpression(c.license),
    );
  }
  return model;
}

/**
 * The model a component nests in: its stored parent, when that parent is in the release and the chain up from
 * it reaches the top without a cycle (a hand-edited database cannot make the export loop); else none.
 */
function nestsUnder(
  c: ReleaseComponent,
  byId: Map<string, ReleaseComponent>,
  models: Map<string, CDX.Models.Component>,
): CDX.Models.Component | undefined {
  const seen = new Set([c.id]);
  for (let at = c.parentId; at; at = byId.get(at)?.parentId ?? null) {
    if (seen.has(at) || !byId.has(at)) return undefined;
    seen.add(at);
  }
  return c.parentId ? models.get(c.parentId) : undefined;
}

/**
 * A release as a CycloneDX 1.6 JSON document (with a fresh `urn:uuid` serial number and the components'
 * hierarchy as imported), built and serialised with @cyclonedx/cyclonedx-library. With `vex`,
 * the document also carries the release's VEX statements (vulnerabilities with analysis state not_affected,
 * justification, detail, and who/when in the analysis timestamps).
 */
export async function exportCycloneDx(
  deps: Pick<CoreDeps, "db" | "now">,
  ctx: RequestContext,
  releaseId: string,
  options: { vex?: boolean } = {},
): Promise<string> {
  const release = await getReleaseRow(deps, ctx, releaseId);
  const product = await deps.db
    .selectFrom("products")
    .select(["name"])
    .where("id", "=", release.product_id)
    .executeTakeFirstOrThrow();
  const components = await listReleaseComponents(deps, ctx, releaseId);
  const cdx = await import("@cyclonedx/cyclonedx-library");
  const bom = new cdx.Models.Bom();
  bom.serialNumber = `urn:uuid:${randomUUID()}`;
  bom.metadata.timestamp = deps.now();
  bom.metadata.component = new cdx.Models.Component(cdx.Enums.ComponentType.Firmware, product.name, {
    version: release.version,
    bomRef: `release:${release.id}`,
  });
  bom.metadata.tools.components.add(
    new cdx.Models.Component(cdx.Enums.ComponentType.Application, "jcstar", { version: "0.1.0" }),
  );
  const refs = new Map<string, CDX.Models.Component>();
  const models = new Map<string, CDX.Models.Component>();
  for (const c of components) {
    const model = componentModel(cdx, c, refs);
    models.set(c.id, model);
    refs.set(model.bomRef.value as string, model);
    refs.set(`key:${componentKey(c)}`, model);
  }
  const byId = new Map(components.map((c) => [c.id, c]));
  for (const c of components) {
    const model = models.get(c.id) as CDX.Models.Component;
    const parent = nestsUnder(c, byId, models);
    (parent ? parent.components : bom.components).add(model);
  }
  if (options.vex) {
    const view = await releaseFindingsOf(deps.db, ctx.orgId, releaseId);
    const statements = await deps.db
      .selectFrom("vex_statements")
      .selectAll()
      .where("release_id", "=", releaseId)
      .where("org_id", "=", ctx.orgId)
      .orderBy("vuln_id")
      .execute();
    const names = await userNames(
      deps.db,
      statements.map((s) => s.updated_by),
    );
    for (const s of statements) {
      const finding = view.findings.find((f) => f.statement?.id === s.id);
      const vuln = new cdx.Models.Vulnerability.Vulnerability({
        id: s.vuln_id,
        bomRef: `vex:${s.id}`,
        description: finding?.summary ?? undefined,
        analysis: new cdx.Models.Vulnerability.Analysis({
          state: cdx.Enums.Vulnerability.AnalysisState.NotAffected,
          justification: justifications(cdx)[s.justification],
          detail: `${s.detail ?? ""} (${(s.updated_by && names.get(s.updated_by)) || "jcstar CLI"}, ${s.updated_at})`,
        }),
      });
      vuln.created = new Date(s.created_at);
      vuln.updated = new Date(s.updated_at);
      const target = refs.get(`key:${s.component_key}`);
      vuln.affects.add(
        new cdx.Models.Vulnerability.Affect(target ? target.bomRef : new cdx.Models.BomRef(s.component_key)),
      );
      bom.vulnerabilities.add(vuln);
    }
  }
  const serializer = new cdx.Serialize.JsonSerializer(
    new cdx.Serialize.JSON.Normalize.Factory(cdx.Spec.Spec1dot6),
  );
  return serializer.serialize(bom, { sortLists: false, space: 2 });
}
