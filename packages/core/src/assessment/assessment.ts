import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { isoNow } from "../context/deps.ts";
import { isUniqueViolation } from "../db/db-errors.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import type { Route } from "../product/product.schema.ts";
import { getProduct } from "../product/product.ts";
import { loadReadiness, toAssessmentView } from "../readiness/load-readiness-input.ts";
import { type AssessmentView, toAssessment } from "./assessment-results.ts";

export {
  type Assessment,
  type AssessmentResults,
  type AssessmentView,
  type CriterionResult,
  getAssessmentRow,
  latestAssessmentId,
  loadAssessmentResults,
  notFoundAssessment,
  toAssessment,
  toResult,
} from "./assessment-results.ts";

/**
 * Starts the self-assessment of a product against a checklist version (default: the newest ★1):
 * one `not_assessed` result per criterion. One assessment per product and version (ALREADY_EXISTS).
 */
export async function createAssessment(
  deps: CoreDeps,
  ctx: RequestContext,
  productId: string,
  catalogVersion?: string,
): Promise<AssessmentView> {
  const version = catalogVersion ? deps.catalog.get(catalogVersion) : deps.catalog.latest(1);
  await getProduct(deps, ctx, productId);
  const now = isoNow(deps);
  const id = newId("asm");
  try {
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("assessments")
        .values({
          id,
          org_id: ctx.orgId,
          product_id: productId,
          catalog_version: version.version,
          migrated_from: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto("criterion_results")
        .values(
          version.criteria.map((c) => ({
            id: newId("res"),
            org_id: ctx.orgId,
            assessment_id: id,
            criterion_id: c.id,
            state: "not_assessed",
            na_reason: null,
            notes: null,
            needs_review: 0,
            version: 1,
            updated_at: now,
            updated_by: ctx.actor.id,
          })),
        )
        .execute();
      await appendAudit(
        trx,
        {
          orgId: ctx.orgId,
          actor: ctx.actor.id,
          action: "assessment.created",
          entityType: "assessment",
          entityId: id,
          data: { productId, catalogVersion: version.version },
        },
        deps.now(),
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("ALREADY_EXISTS", {
        entity: ctx.lang === "ja" ? "自己適合評価" : "Assessment",
        key: `${productId} / ${version.version}`,
      });
    }
    throw error;
  }
  return getAssessment(deps, ctx, id);
}

/** The whole assessment: results in catalog order with their evidence, and its readiness (the one loader's). */
export async function getAssessment(
  deps: Pick<CoreDeps, "db" | "catalog">,
  ctx: RequestContext,
  id: string,
  options: { route?: Route } = {},
): Promise<AssessmentView> {
  return toAssessmentView(await loadReadiness(deps, ctx, { assessmentId: id }, options));
}

export async function listAssessments(deps: Pick<CoreDeps, "db">, ctx: RequestContext, productId: string) {
  await getProduct(deps, ctx, productId);
  const rows = await deps.db
    .selectFrom("assessments")
    .selectAll()
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map(toAssessment);
}
