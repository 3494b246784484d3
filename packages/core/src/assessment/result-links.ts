import type { Selectable } from "kysely";
import type { RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";
import { evidenceByResult } from "../evidence/evidence.ts";
import type { CriterionResultTable } from "./assessment.table.ts";
import { toResult } from "./assessment-results.ts";

/** The criterion result row of the caller's organisation, or UNKNOWN_CRITERION. */
export async function getResultRow(db: Db, ctx: RequestContext, assessmentId: string, criterionId: string) {
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

/** VERSION_CONFLICT carrying the result as it is now (with its evidence), so a client can merge without a reload. */
export async function resultConflict(
  db: Db,
  row: Selectable<CriterionResultTable>,
  sent: number,
): Promise<AppError> {
  const evidence = (await evidenceByResult(db, [row.id])).get(row.id) ?? [];
  return new AppError("VERSION_CONFLICT", { current: row.version, sent }, [], {
    extra: { current: toResult(row, evidence) },
  });
}

/** Adds links (idempotent) and removes links (absent ones ignored) of one result; true when anything changed. */
export async function applyLinkDelta(
  trx: Db,
  ctx: RequestContext,
  resultId: string,
  delta: { link: readonly string[]; unlink: readonly string[] },
  now: string,
): Promise<boolean> {
  let changed = false;
  if (delta.unlink.length > 0) {
    const removed = await trx
      .deleteFrom("evidence_links")
      .where("result_id", "=", resultId)
      .where("evidence_id", "in", [...delta.unlink])
      .executeTakeFirst();
    changed = Number(removed.numDeletedRows) > 0;
  }
  for (const evidenceId of new Set(delta.link)) {
    const added = await trx
      .insertInto("evidence_links")
      .values({ evidence_id: evidenceId, result_id: resultId, org_id: ctx.orgId, created_at: now })
      .onConflict((oc) => oc.columns(["evidence_id", "result_id"]).doNothing())
      .executeTakeFirst();
    if (Number(added.numInsertedOrUpdatedRows ?? 0n) > 0) changed = true;
  }
  return changed;
}

/**
 * A change of a result's evidence links is a change of the result: its version goes up, so a form that read the
 * old links gets VERSION_CONFLICT instead of silently writing over them.
 */
export async function bumpResultVersions(
  trx: Db,
  resultIds: readonly string[],
  actorId: string | null,
  now: string,
): Promise<void> {
  if (resultIds.length === 0) return;
  await trx
    .updateTable("criterion_results")
    .set((eb) => ({ version: eb("version", "+", 1), updated_at: now, updated_by: actorId }))
    .where("id", "in", [...resultIds])
    .execute();
}
