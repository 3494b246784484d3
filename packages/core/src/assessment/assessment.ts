import type { Selectable } from "kysely";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { isoNow } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { isUniqueViolation } from "../db/db-errors.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import { type Evidence, evidenceByResult } from "../evidence/evidence.ts";
import type { Route } from "../product/product.schema.ts";
import { getProduct } from "../product/product.ts";
import { type Readiness, readiness } from "../readiness/readiness.ts";
import { productVulnerabilityState } from "../vuln/release-findings.ts";
import type { AssessmentTable, CriterionResultTable } from "./assessment.table.ts";
import type { CriterionState } from "./criterion-state.ts";

export type CriterionResult = {
  id: string;
  criterionId: string;
  state: CriterionState;
  naReason: string | null;
  notes: string | null;
  needsReview: boolean;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
  evidence: Evidence[];
};

export type Assessment = {
  id: string;
  productId: string;
  catalogVersion: string;
  migratedFrom: string | null;
  createdAt: string;
  updatedAt: string;
};

export type AssessmentView = Assessment & { route: Route; results: CriterionResult[]; readiness: Readiness };

export function toAssessment(row: Selectable<AssessmentTable>): Assessment {
  return {
    id: row.id,
    productId: row.product_id,
    catalogVersion: row.catalog_version,
    migratedFrom: row.migrated_from,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toResult(row: Selectable<CriterionResultTable>, evidence: Evidence[]): CriterionResult {
  return {
    id: row.id,
    criterionId: row.criterion_id,
    state: row.state as CriterionState,
    naReason: row.na_reason,
    notes: row.notes,
    needsReview: row.needs_review === 1,
    version: row.version,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    evidence,
  };
}

export function notFoundAssessment(ctx: RequestContext, id: string): AppError {
  return new AppError("NOT_FOUND", { entity: ctx.lang === "ja" ? "自己適合評価" : "Assessment", id });
}

/** The assessment row of the caller's organisation, or NOT_FOUND. */
export async function getAssessmentRow(db: Db, ctx: RequestContext, id: string) {
  const row = await db
    .selectFrom("assessments")
    .selectAll()
    .where("id", "=", id)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!row) throw notFoundAssessment(ctx, id);
  return row;
}

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

/** The whole assessment: results in catalog order with their evidence, and its readiness. */
export async function getAssessment(
  deps: Pick<CoreDeps, "db" | "catalog">,
  ctx: RequestContext,
  id: string,
  options: { route?: Route } = {},
): Promise<AssessmentView> {
  const row = await getAssessmentRow(deps.db, ctx, id);
  const product = await getProduct(deps, ctx, row.product_id);
  const version = deps.catalog.get(row.catalog_version);
  const rows = await deps.db
    .selectFrom("criterion_results")
    .selectAll()
    .where("assessment_id", "=", id)
    .execute();
  const evidence = await evidenceByResult(
    deps.db,
    rows.map((r) => r.id),
  );
  const order = new Map(version.criteria.map((c, i) => [c.id, i]));
  const results = rows
    .map((r) => toResult(r, evidence.get(r.id) ?? []))
    .sort((a, b) => (order.get(a.criterionId) ?? 999) - (order.get(b.criterionId) ?? 999));
  const route = options.route ?? product.defaultRoute;
  return {
    ...toAssessment(row),
    route,
    results,
    readiness: readiness({
      catalog: version,
      route,
      results,
      vulnerabilities: await productVulnerabilityState(deps.db, ctx.orgId, row.product_id),
    }),
  };
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
