import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { getReleaseRow } from "./release.ts";

export type ReleaseComponent = {
  id: string;
  name: string;
  version: string | null;
  supplier: string | null;
  license: string | null;
  purl: string | null;
  cpe: string | null;
  ecosystem: string | null;
  package: string | null;
  bomRef: string | null;
  fromSbom: boolean;
  /** The component this one is nested in, or null at the top level. */
  parentId: string | null;
};

/** The components of one firmware release, by name. */
export async function listReleaseComponents(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  releaseId: string,
): Promise<ReleaseComponent[]> {
  await getReleaseRow(deps, ctx, releaseId);
  const rows = await deps.db
    .selectFrom("components")
    .selectAll()
    .where("release_id", "=", releaseId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("name")
    .orderBy("version")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    version: r.version,
    supplier: r.supplier,
    license: r.license,
    purl: r.purl,
    cpe: r.cpe,
    ecosystem: r.ecosystem,
    package: r.package,
    bomRef: r.bom_ref,
    fromSbom: r.sbom_id !== null,
    parentId: r.parent_id,
  }));
}
