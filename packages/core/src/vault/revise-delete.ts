import { bumpResultVersions } from "../assessment/result-links.ts";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { evidenceCreateSchema } from "../evidence/evidence.schema.ts";
import {
  type Evidence,
  evidenceRow,
  getEvidence,
  insertEvidence,
  selectEvidence,
  toEvidence,
} from "../evidence/evidence.ts";
import { type BlobStore, removeBlobFile } from "./blob-store.ts";
import { moveLinks } from "./upload.ts";

/**
 * Corrects a document reference or device-test record: a new revision (keeping any attached file) that takes
 * over the old one's links. The old revision is never changed and stays in the history.
 */
export async function reviseEvidence(
  deps: CoreDeps,
  ctx: RequestContext,
  id: string,
  input: unknown,
): Promise<Evidence> {
  const data = parseOrThrow(evidenceCreateSchema, input);
  const now = deps.now();
  const newId = await deps.db.transaction().execute(async (trx) => {
    const current = await getEvidence({ db: trx }, ctx, id);
    if (current.deletedAt) throw new AppError("EVIDENCE_DELETED", { id });
    const row = await evidenceRow(trx, ctx, data, now, {
      revision: current.revision + 1,
      supersedesId: current.id,
      ...(current.file
        ? {
            file: {
              kind: current.kind ?? "other",
              summary: current.summary,
              blobSha256: current.file.sha256,
              originalName: current.file.originalName,
            },
          }
        : {}),
    });
    await insertEvidence(trx, ctx, row, "evidence.revised", now);
    await moveLinks(trx, current.id, row.id, ctx.orgId, now);
    return row.id;
  });
  return getEvidence(deps, ctx, newId);
}

/** Every revision of a piece of evidence, oldest first (follows `supersedes` both ways). */
export async function evidenceHistory(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  id: string,
): Promise<Evidence[]> {
  let first = await getEvidence(deps, ctx, id);
  while (first.supersedesId) first = await getEvidence(deps, ctx, first.supersedesId);
  const chain = [first];
  for (;;) {
    const last = chain[chain.length - 1] as Evidence;
    const next = await selectEvidence(deps.db)
      .where("evidence.supersedes_id", "=", last.id)
      .where("evidence.org_id", "=", ctx.orgId)
      .executeTakeFirst();
    if (!next) break;
    chain.push(toEvidence(next));
  }
  return chain;
}

/**
 * Deletes evidence after its retention period, explicitly and audited: the record becomes a tombstone (its
 * history and audit trail stay), its links go, and its file is removed when no other live evidence uses it.
 * Refused with RETENTION_ACTIVE before the retention end.
 */
export async function deleteEvidence(
  deps: CoreDeps & { blobs: BlobStore },
  ctx: RequestContext,
  id: string,
): Promise<void> {
  const now = deps.now();
  const orphan = await deps.db.transaction().execute(async (trx) => {
    const current = await getEvidence({ db: trx }, ctx, id);
    if (current.deletedAt) throw new AppError("EVIDENCE_DELETED", { id });
    if (!current.retentionUntil || Date.parse(current.retentionUntil) > now.getTime()) {
      throw new AppError("RETENTION_ACTIVE", { id, until: current.retentionUntil?.slice(0, 10) ?? "?" });
    }
    await trx
      .updateTable("evidence")
      .set({ deleted_at: now.toISOString(), deleted_by: ctx.actor.id })
      .where("id", "=", id)
      .execute();
    const links = await trx
      .selectFrom("evidence_links")
      .select("result_id")
      .where("evidence_id", "=", id)
      .execute();
    await trx.deleteFrom("evidence_links").where("evidence_id", "=", id).execute();
    await bumpResultVersions(
      trx,
      links.map((l) => l.result_id),
      ctx.actor.id,
      now.toISOString(),
    );
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "evidence.deleted",
        entityType: "evidence",
        entityId: id,
        data: { blob: current.file?.sha256 ?? null },
      },
      now,
    );
    if (!current.file) return null;
    const users = await trx
      .selectFrom("evidence")
      .select("id")
      .where("blob_sha256", "=", current.file.sha256)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (users) return null;
    await trx.deleteFrom("blobs").where("sha256", "=", current.file.sha256).execute();
    return current.file.sha256;
  });
  // The file goes only after the database no longer points at it.
  if (orphan) removeBlobFile(deps.blobs, orphan);
}
