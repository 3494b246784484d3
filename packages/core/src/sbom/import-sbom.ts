import { createHash } from "node:crypto";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { newId } from "../db/ids.ts";
import { packageFromPurl } from "../vuln/purl.ts";
import { parseSbom } from "./parse-sbom.ts";
import { getReleaseRow } from "./release.ts";

const CHUNK = 200;

/**
 * Imports an SBOM as the component list of a firmware release: the file is parsed and checked completely first;
 * then, in one transaction, the release's earlier SBOM components are replaced, the import is recorded and
 * audited. Components entered by hand stay. Nothing is written for a refused file.
 */
export async function importSbom(
  deps: Pick<CoreDeps, "db" | "now">,
  ctx: RequestContext,
  releaseId: string,
  bytes: Buffer,
  fileName: string | null = null,
) {
  const release = await getReleaseRow(deps, ctx, releaseId);
  const sbom = parseSbom(bytes);
  const now = deps.now().toISOString();
  const id = newId("sbom");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const ids = sbom.components.map(() => newId("cmp"));
  const rows = sbom.components.map((c, i) => {
    const ref = c.purl ? packageFromPurl(c.purl) : null;
    return {
      id: ids[i] as string,
      org_id: ctx.orgId,
      product_id: release.product_id,
      image_id: release.image_id,
      release_id: release.id,
      name: c.group && !c.purl ? `${c.group}/${c.name}` : c.name,
      version: c.version ?? ref?.version ?? null,
      oss: c.purl || c.license ? 1 : 0,
      supplier: c.supplier,
      license: c.license,
      purl: c.purl,
      cpe: c.cpe,
      created_at: now,
      ecosystem: ref?.ecosystem ?? null,
      package: ref?.package ?? null,
      bom_ref: c.bomRef,
      sbom_id: id,
      parent_id: c.parentIndex === null ? null : (ids[c.parentIndex] ?? null),
    };
  });
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom("components")
      .where("release_id", "=", release.id)
      .where("org_id", "=", ctx.orgId)
      .where("sbom_id", "is not", null)
      .execute();
    await trx
      .insertInto("sbom_imports")
      .values({
        id,
        org_id: ctx.orgId,
        product_id: release.product_id,
        release_id: release.id,
        format: sbom.format,
        spec_version: sbom.specVersion,
        file_name: fileName,
        sha256,
        component_count: rows.length,
        created_at: now,
        created_by: ctx.actor.id,
      })
      .execute();
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto("components")
        .values(rows.slice(i, i + CHUNK))
        .execute();
    }
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "sbom.imported",
        entityType: "firmware_release",
        entityId: release.id,
        data: {
          sbomId: id,
          format: sbom.format,
          specVersion: sbom.specVersion,
          sha256,
          components: rows.length,
        },
      },
      deps.now(),
    );
  });
  return {
    id,
    releaseId: release.id,
    format: sbom.format,
    specVersion: sbom.specVersion,
    sha256,
    components: rows.length,
  };
}
