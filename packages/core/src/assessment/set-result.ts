import { z } from "zod";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { isoNow } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { type Evidence, evidenceByResult, getEvidenceMany } from "../evidence/evidence.ts";
import { format } from "../i18n/text.ts";
import { BLOCKER_MESSAGES } from "../readiness/blocker.ts";
import { type CriterionResult, getAssessmentRow, toResult } from "./assessment.ts";
import { CRITERION_STATES } from "./criterion-state.ts";
import { checkResult } from "./rules.ts";

export const resultUpdateSchema = z
  .object({
    state: z.enum(CRITERION_STATES),
    naReason: z.string().trim().max(5000).nullable().optional(),
    notes: z.string().trim().max(10000).nullable().optional(),
    /** The version of the result the client read; a stale one gets VERSION_CONFLICT. */
    version: z.number().int().min(1),
    /** When given, the result's evidence links become exactly these. */
    evidenceIds: z.array(z.string().min(1).max(64)).max(200).optional(),
  })
  .strict();

async function getResultRow(db: Db, ctx: RequestContext, assessmentId: string, criterionId: string) {
  const row = await db
    .selectFrom("criterion_results")
    .selectAll()
    .where("assessment_id", "=", assessmentId)
    .where("criterion_id", "=", criterionId)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!row) throw new AppError("UNKNOWN_CRITERION", { criterionId, version: "?" });
  return row;
}

/**
 * Records the verdict of one criterion, atomically with its evidence links.
 * Refuses (422, nothing written) a verdict that breaks the criterion's rules, and (409) a stale `version`.
 */
export async function setCriterionResult(
  deps: CoreDeps,
  ctx: RequestContext,
  assessmentId: string,
  criterionId: string,
  input: unknown,
): Promise<CriterionResult> {
  const data = parseOrThrow(resultUpdateSchema, input);
  return deps.db.transaction().execute(async (trx) => {
    const assessment = await getAssessmentRow(trx, ctx, assessmentId);
    const criterion = deps.catalog.criterion(assessment.catalog_version, criterionId);
    const current = await getResultRow(trx, ctx, assessmentId, criterionId);
    if (current.version !== data.version) {
      throw new AppError("VERSION_CONFLICT", { current: current.version, sent: data.version });
    }
    const evidenceIds = data.evidenceIds ? [...new Set(data.evidenceIds)] : undefined;
    const evidence: Evidence[] = evidenceIds
      ? await getEvidenceMany(trx, ctx, evidenceIds)
      : ((await evidenceByResult(trx, [current.id])).get(current.id) ?? []);
    const naReason = data.naReason?.trim() || null;
    const violations = checkResult(criterion, { state: data.state, naReason }, evidence);
    const first = violations[0];
    if (first) {
      throw new AppError(
        first.code,
        { criterionId },
        violations.map((v) => ({
          path: v.code.startsWith("NA_") ? "naReason" : "evidenceIds",
          message: {
            ja: format(BLOCKER_MESSAGES[v.code].ja, { criterionId }),
            en: format(BLOCKER_MESSAGES[v.code].en, { criterionId }),
          },
        })),
      );
    }
    const now = isoNow(deps);
    const updated = await trx
      .updateTable("criterion_results")
      .set({
        state: data.state,
        na_reason: data.state === "not_applicable" ? naReason : null,
        notes: data.notes === undefined ? current.notes : data.notes || null,
        needs_review: 0,
        version: current.version + 1,
        updated_at: now,
        updated_by: ctx.actor.id,
      })
      .where("id", "=", current.id)
      .where("version", "=", data.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new AppError("VERSION_CONFLICT", { current: "?", sent: data.version });
    }
    if (evidenceIds) {
      await trx.deleteFrom("evidence_links").where("result_id", "=", current.id).execute();
      if (evidenceIds.length > 0) {
        await trx
          .insertInto("evidence_links")
          .values(
            evidenceIds.map((id) => ({
              evidence_id: id,
              result_id: current.id,
              org_id: ctx.orgId,
              created_at: now,
            })),
          )
          .execute();
      }
    }
    await trx.updateTable("assessments").set({ updated_at: now }).where("id", "=", assessmentId).execute();
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "result.set",
        entityType: "criterion_result",
        entityId: current.id,
        data: {
          assessmentId,
          criterionId,
          state: data.state,
          naReason: data.state === "not_applicable" ? naReason : null,
          version: current.version + 1,
          evidenceIds: evidence.map((e) => e.id),
        },
      },
      deps.now(),
    );
    const row = await getResultRow(trx, ctx, assessmentId, criterionId);
    return toResult(row, evidence);
  });
}

/** Adds one evidence reference to a criterion result (idempotent). Adding evidence never breaks a rule. */
export async function linkEvidence(
  deps: CoreDeps,
  ctx: RequestContext,
  assessmentId: string,
  criterionId: string,
  evidenceId: string,
): Promise<CriterionResult> {
  return deps.db.transaction().execute(async (trx) => {
    const assessment = await getAssessmentRow(trx, ctx, assessmentId);
    deps.catalog.criterion(assessment.catalog_version, criterionId);
    const current = await getResultRow(trx, ctx, assessmentId, criterionId);
    await getEvidenceMany(trx, ctx, [evidenceId]);
    const existing = await trx
      .selectFrom("evidence_links")
      .select("evidence_id")
      .where("result_id", "=", current.id)
      .where("evidence_id", "=", evidenceId)
      .executeTakeFirst();
    if (!existing) {
      await trx
        .insertInto("evidence_links")
        .values({
          evidence_id: evidenceId,
          result_id: current.id,
          org_id: ctx.orgId,
          created_at: isoNow(deps),
        })
        .execute();
    }
    const evidence = (await evidenceByResult(trx, [current.id])).get(current.id) ?? [];
    return toResult(current, evidence);
  });
}
