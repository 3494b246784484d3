import { applyLinkDelta, bumpResultVersions } from "../assessment/result-links.ts";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";

/**
 * Links evidence to criteria of a product's newest assessment (inside the caller's transaction).
 * Unknown products or criteria are refused, so nothing is recorded half-linked.
 */
export async function linkToCriteria(
  trx: Db,
  deps: Pick<CoreDeps, "now">,
  ctx: RequestContext,
  productId: string,
  criterionIds: readonly string[],
  evidenceId: string,
): Promise<void> {
  const product = await trx
    .selectFrom("products")
    .select("id")
    .where("id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!product)
    throw new AppError("NOT_FOUND", { entity: ctx.lang === "ja" ? "製品" : "Product", id: productId });
  if (criterionIds.length === 0) return;
  const assessment = await trx
    .selectFrom("assessments")
    .select(["id", "catalog_version"])
    .where("product_id", "=", productId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (!assessment) {
    throw new AppError("NOT_FOUND", {
      entity: ctx.lang === "ja" ? "自己適合評価" : "Assessment",
      id: productId,
    });
  }
  for (const criterionId of new Set(criterionIds)) {
    const result = await trx
      .selectFrom("criterion_results")
      .select("id")
      .where("assessment_id", "=", assessment.id)
      .where("criterion_id", "=", criterionId)
      .executeTakeFirst();
    if (!result)
      throw new AppError("UNKNOWN_CRITERION", { criterionId, version: assessment.catalog_version });
    const now = deps.now().toISOString();
    const changed = await applyLinkDelta(trx, ctx, result.id, { link: [evidenceId], unlink: [] }, now);
    if (!changed) continue;
    // A new link is a change of the result: a verdict form that read the old links gets VERSION_CONFLICT.
    await bumpResultVersions(trx, [result.id], ctx.actor.id, now);
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "evidence.linked",
        entityType: "criterion_result",
        entityId: result.id,
        data: { assessmentId: assessment.id, criterionId, evidenceId },
      },
      deps.now(),
    );
  }
}
