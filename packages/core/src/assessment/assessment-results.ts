import type { Selectable } from "kysely";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";
import { type Evidence, evidenceByResult } from "../evidence/evidence.ts";
import type { Route } from "../product/product.schema.ts";
import { getProduct } from "../product/product.ts";
import type { Readiness } from "../readiness/readiness.ts";
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

/** An assessment's results in catalog order with their evidence, on a route: what readiness is computed from. */
export type AssessmentResults = Assessment & { route: Route; results: CriterionResult[] };

/** What the assessment page shows: the results and their readiness (computed by `loadReadiness()`). */
export type AssessmentView = AssessmentResults & { readiness: Readiness };

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

/** The newest assessment of a product (the one a sign-off and a package speak for), or null. */
export async function latestAssessmentId(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  productId: string,
): Promise<string | null> {
  const row = await deps.db
    .selectFrom("assessments")
    .select("id")
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * The results of an assessment in catalog order, each with its evidence (device-test verdicts and the last
 * verification outcome included), on the given route (default: the product's). No readiness: that is
 * `loadReadiness()` (readiness/load-readiness-input.ts), which reads this.
 */
export async function loadAssessmentResults(
  deps: Pick<CoreDeps, "db" | "catalog">,
  ctx: RequestContext,
  id: string,
  options: { route?: Route } = {},
): Promise<AssessmentResults> {
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
  return { ...toAssessment(row), route: options.route ?? product.defaultRoute, results };
}
