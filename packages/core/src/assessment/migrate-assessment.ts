import { appendAudit } from "../audit/audit-log.ts";
import { criterionFingerprint } from "../catalog/load-catalog.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { isoNow } from "../context/deps.ts";
import { isUniqueViolation } from "../db/db-errors.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import { type AssessmentView, getAssessment, getAssessmentRow } from "./assessment.ts";

export type MigrationSummary = {
  carriedOver: string[];
  needsReview: string[];
  added: string[];
  dropped: string[];
};

/**
 * Moves an assessment to a newer checklist version as a new assessment (the old one stays as it was).
 * Results of unchanged criteria carry over with their evidence; results of changed criteria carry
 * over flagged `needsReview` (a readiness blocker until saved again); new criteria start `not_assessed`.
 */
export async function migrateAssessment(
  deps: CoreDeps,
  ctx: RequestContext,
  assessmentId: string,
  toVersion: string,
): Promise<{ assessment: AssessmentView; summary: MigrationSummary }> {
  const target = deps.catalog.get(toVersion);
  const summary: MigrationSummary = { carriedOver: [], needsReview: [], added: [], dropped: [] };
  const newAssessmentId = newId("asm");
  try {
    await deps.db.transaction().execute(async (trx) => {
      const source = await getAssessmentRow(trx, ctx, assessmentId);
      const from = deps.catalog.get(source.catalog_version);
      if (
        from.version === target.version ||
        from.level !== target.level ||
        from.publishedOn > target.publishedOn
      ) {
        throw new AppError("INVALID_MIGRATION", {
          from: from.version,
          to: target.version,
          reason:
            ctx.lang === "ja"
              ? "同じ★レベルのより新しい版にのみ移行できます"
              : "only a newer version of the same ★ level is allowed",
        });
      }
      const oldResults = await trx
        .selectFrom("criterion_results")
        .selectAll()
        .where("assessment_id", "=", source.id)
        .execute();
      const links = await trx
        .selectFrom("evidence_links")
        .selectAll()
        .where(
          "result_id",
          "in",
          oldResults.map((r) => r.id),
        )
        .execute();
      const now = isoNow(deps);
      await trx
        .insertInto("assessments")
        .values({
          id: newAssessmentId,
          org_id: ctx.orgId,
          product_id: source.product_id,
          catalog_version: target.version,
          migrated_from: source.id,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const oldById = new Map(oldResults.map((r) => [r.criterion_id, r]));
      for (const criterion of target.criteria) {
        const old = oldById.get(criterion.id);
        const oldCriterion = from.criteria.find((c) => c.id === criterion.id);
        const id = newId("res");
        const base = {
          id,
          org_id: ctx.orgId,
          assessment_id: newAssessmentId,
          criterion_id: criterion.id,
          version: 1,
          updated_at: now,
          updated_by: ctx.actor.id,
        };
        if (!old || !oldCriterion) {
          summary.added.push(criterion.id);
          await trx
            .insertInto("criterion_results")
            .values({ ...base, state: "not_assessed", na_reason: null, notes: null, needs_review: 0 })
            .execute();
          continue;
        }
        const changed = criterionFingerprint(oldCriterion) !== criterionFingerprint(criterion);
        const review = changed && old.state !== "not_assessed";
        (review ? summary.needsReview : summary.carriedOver).push(criterion.id);
        await trx
          .insertInto("criterion_results")
          .values({
            ...base,
            state: old.state,
            na_reason: old.na_reason,
            notes: old.notes,
            needs_review: review ? 1 : 0,
          })
          .execute();
        const carried = links.filter((l) => l.result_id === old.id);
        if (carried.length > 0) {
          await trx
            .insertInto("evidence_links")
            .values(
              carried.map((l) => ({
                evidence_id: l.evidence_id,
                result_id: id,
                org_id: ctx.orgId,
                created_at: now,
              })),
            )
            .execute();
        }
      }
      summary.dropped = from.criteria
        .filter((c) => !target.criteria.some((t) => t.id === c.id))
        .map((c) => c.id);
      await appendAudit(
        trx,
        {
          orgId: ctx.orgId,
          actor: ctx.actor.id,
          action: "assessment.migrated",
          entityType: "assessment",
          entityId: newAssessmentId,
          data: { from: source.id, fromVersion: from.version, toVersion: target.version, ...summary },
        },
        deps.now(),
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("ALREADY_EXISTS", {
        entity: ctx.lang === "ja" ? "自己適合評価" : "Assessment",
        key: target.version,
      });
    }
    throw error;
  }
  return { assessment: await getAssessment(deps, ctx, newAssessmentId), summary };
}
