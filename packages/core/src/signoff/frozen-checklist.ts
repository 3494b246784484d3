import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { parseTexts } from "../evidence/evidence-texts.ts";
import type { I18nText } from "../i18n/text.ts";
import { getSignoff } from "./signoff.ts";
import type { SnapshotCriterion } from "./snapshot.ts";

/** One evidence record of a signed-off checklist, as a reviewer reads it. */
export type FrozenEvidenceRow = {
  id: string;
  title: string;
  /** The title in ja and en where the server wrote it (from the record, which never changes). */
  titles: I18nText | null;
  testKey: string | null;
  verdict: string | null;
  testedOn: string | null;
  fileName: string | null;
  hasFile: boolean;
};

export type FrozenChecklistRow = {
  criterionId: string;
  title: I18nText;
  state: string;
  deemedMet: boolean;
  naReason: string | null;
  evidence: FrozenEvidenceRow[];
};

export type FrozenChecklist = {
  signoffId: string;
  takenAt: string;
  signedAt: string;
  rows: FrozenChecklistRow[];
};

/**
 * The checklist a sign-off froze, per criterion with its evidence (oldest first, as frozen), each record's
 * server-written title in both languages read from the record itself (evidence rows never change).
 */
export async function signoffChecklist(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  signoffId: string,
): Promise<FrozenChecklist> {
  const signed = await getSignoff(deps, ctx, signoffId);
  const criteria: SnapshotCriterion[] = signed.snapshot.criteria;
  const ids = [...new Set(criteria.flatMap((c) => c.evidence.map((e) => e.id)))];
  const texts = ids.length
    ? await deps.db
        .selectFrom("evidence")
        .select(["id", "texts"])
        .where("org_id", "=", ctx.orgId)
        .where("id", "in", ids)
        .execute()
    : [];
  const titles = new Map(texts.map((r) => [r.id, parseTexts(r.texts)?.title ?? null]));
  return {
    signoffId: signed.id,
    takenAt: signed.snapshot.takenAt,
    signedAt: signed.signedAt,
    rows: criteria.map((c) => ({
      criterionId: c.id,
      title: c.title,
      state: c.state,
      deemedMet: c.deemedMet,
      naReason: c.naReason,
      evidence: c.evidence.map((e) => ({
        id: e.id,
        title: e.title,
        titles: titles.get(e.id) ?? null,
        testKey: e.deviceTestResult?.key ?? null,
        verdict: e.deviceTestResult?.verdict ?? null,
        testedOn: e.deviceTest?.testedOn ?? null,
        fileName: e.file?.originalName ?? null,
        hasFile: e.file !== null,
      })),
    })),
  };
}
