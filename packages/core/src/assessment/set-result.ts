import { z } from "zod";
import { appendAudit } from "../audit/audit-log.ts";
import type { Criterion } from "../catalog/criterion.ts";
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
import { applyLinkDelta, bumpResultVersions, getResultRow, resultConflict } from "./result-links.ts";
import { checkResult } from "./rules.ts";

export const resultUpdateSchema = z
  .object({
    state: z.enum(CRITERION_STATES),
    naReason: z.string().trim().max(5000).nullable().optional(),
    notes: z.string().trim().max(10000).nullable().optional(),
    /** The version of the result the client read; a stale one gets VERSION_CONFLICT (with the current result). */
    version: z.number().int().min(1),
    /** Evidence to link to the result (already linked: no change). Links the client did not touch stay. */
    linkEvidenceIds: z.array(z.string().min(1).max(64)).max(200).optional(),
    /** Evidence to unlink from the result (not linked: no change). */
    unlinkEvidenceIds: z.array(z.string().min(1).max(64)).max(200).optional(),
  })
  .strict()
  .superRefine((value, issue) => {
    const unlink = new Set(value.unlinkEvidenceIds ?? []);
    const both = (value.linkEvidenceIds ?? []).find((id) => unlink.has(id));
    if (both) {
      issue.addIssue({
        code: "custom",
        path: ["unlinkEvidenceIds"],
        message: `${both}: link or unlink, not both / 紐付けと解除の両方は指定できません`,
      });
    }
  });
type ResultUpdate = z.output<typeof resultUpdateSchema>;

/** The evidence the result will have: the current links, plus those to link, minus those to unlink. */
async function evidenceAfter(
  trx: Db,
  ctx: RequestContext,
  resultId: string,
  data: ResultUpdate,
): Promise<Evidence[]> {
  const current = (await evidenceByResult(trx, [resultId])).get(resultId) ?? [];
  const have = new Set(current.map((e) => e.id));
  const added = await getEvidenceMany(
    trx,
    ctx,
    [...new Set(data.linkEvidenceIds ?? [])].filter((id) => !have.has(id)),
  );
  const unlink = new Set(data.unlinkEvidenceIds ?? []);
  return [...current, ...added].filter((e) => !unlink.has(e.id));
}

function ruleError(
  criterion: Criterion,
  criterionId: string,
  state: ResultUpdate["state"],
  naReason: string | null,
  evidence: Evidence[],
) {
  const violations = checkResult(criterion, { state, naReason }, evidence);
  const first = violations[0];
  if (!first) return null;
  return new AppError(
    first.code,
    { criterionId },
    violations.map((v) => ({
      path: v.code.startsWith("NA_") ? "naReason" : "linkEvidenceIds",
      message: {
        ja: format(BLOCKER_MESSAGES[v.code].ja, { criterionId }),
        en: format(BLOCKER_MESSAGES[v.code].en, { criterionId }),
      },
    })),
  );
}

/**
 * Records the verdict of one criterion, atomically with the evidence it links and unlinks (links not named stay).
 * Refuses (422, nothing written) a verdict that breaks the criterion's rules, and (409, with the current result) a
 * stale `version`.
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
    if (current.version !== data.version) throw await resultConflict(trx, current, data.version);
    const evidence = await evidenceAfter(trx, ctx, current.id, data);
    const naReason = data.naReason?.trim() || null;
    const refused = ruleError(criterion, criterionId, data.state, naReason, evidence);
    if (refused) throw refused;
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
    if (Number(updated.numUpdatedRows) !== 1) throw await resultConflict(trx, current, data.version);
    await applyLinkDelta(
      trx,
      ctx,
      current.id,
      { link: data.linkEvidenceIds ?? [], unlink: data.unlinkEvidenceIds ?? [] },
      now,
    );
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

/** Links (`unlink` false) or unlinks one evidence reference of a criterion; a change bumps the result's version. */
async function changeLink(
  deps: CoreDeps,
  ctx: RequestContext,
  ref: { assessmentId: string; criterionId: string; evidenceId: string },
  unlink: boolean,
): Promise<CriterionResult> {
  return deps.db.transaction().execute(async (trx) => {
    const assessment = await getAssessmentRow(trx, ctx, ref.assessmentId);
    deps.catalog.criterion(assessment.catalog_version, ref.criterionId);
    const current = await getResultRow(trx, ctx, ref.assessmentId, ref.criterionId);
    if (!unlink) await getEvidenceMany(trx, ctx, [ref.evidenceId]);
    const now = isoNow(deps);
    const delta = unlink ? { link: [], unlink: [ref.evidenceId] } : { link: [ref.evidenceId], unlink: [] };
    if (await applyLinkDelta(trx, ctx, current.id, delta, now)) {
      await bumpResultVersions(trx, [current.id], ctx.actor.id, now);
      await appendAudit(
        trx,
        {
          orgId: ctx.orgId,
          actor: ctx.actor.id,
          action: unlink ? "evidence.unlinked" : "evidence.linked",
          entityType: "criterion_result",
          entityId: current.id,
          data: { assessmentId: ref.assessmentId, criterionId: ref.criterionId, evidenceId: ref.evidenceId },
        },
        deps.now(),
      );
    }
    const row = await getResultRow(trx, ctx, ref.assessmentId, ref.criterionId);
    const evidence = (await evidenceByResult(trx, [current.id])).get(current.id) ?? [];
    return toResult(row, evidence);
  });
}

/** Adds one evidence reference to a criterion result (idempotent). Adding evidence never breaks a rule. */
export function linkEvidence(
  deps: CoreDeps,
  ctx: RequestContext,
  assessmentId: string,
  criterionId: string,
  evidenceId: string,
): Promise<CriterionResult> {
  return changeLink(deps, ctx, { assessmentId, criterionId, evidenceId }, false);
}

/**
 * Removes one evidence link of a criterion result (idempotent; the evidence itself stays in the vault). The verdict
 * is not re-checked here: readiness shows a conformant verdict left without evidence as a blocker.
 */
export function unlinkEvidence(
  deps: CoreDeps,
  ctx: RequestContext,
  assessmentId: string,
  criterionId: string,
  evidenceId: string,
): Promise<CriterionResult> {
  return changeLink(deps, ctx, { assessmentId, criterionId, evidenceId }, true);
}
