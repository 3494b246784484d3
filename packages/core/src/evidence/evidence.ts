import type { Selectable } from "kysely";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { type EvidenceCreate, type EvidenceType, evidenceCreateSchema } from "./evidence.schema.ts";
import type { EvidenceTable } from "./evidence.table.ts";
import { type EvidenceTexts, parseTexts, textsColumn } from "./evidence-texts.ts";
import { evidenceRowHash } from "./row-hash.ts";

export type DocumentReference = {
  documentName: string;
  documentNumber: string | null;
  documentVersion: string | null;
  location: string | null;
  url: string | null;
};
export type DeviceTestRecord = {
  recordName: string;
  resultSummary: string;
  testedOn: string;
  tester: string;
};
export type EvidenceFile = { sha256: string; size: number; mediaType: string; originalName: string | null };

/** An evidence record (document reference or device-test record, with or without a file) as every feature sees it. */
export type Evidence = {
  id: string;
  type: EvidenceType;
  kind: string | null;
  title: string;
  summary: string | null;
  document: DocumentReference | null;
  deviceTest: DeviceTestRecord | null;
  file: EvidenceFile | null;
  notes: string | null;
  revision: number;
  supersedesId: string | null;
  retentionUntil: string | null;
  deletedAt: string | null;
  /** For device tests filed from a probe run: which test and its verdict. */
  deviceTestResult: { key: string; verdict: string } | null;
  /** Result of the last `evidence verify`: null when never verified. */
  verification: { ok: boolean; problem: string | null; checkedAt: string } | null;
  createdAt: string;
  createdBy: string | null;
  /**
   * Imported from a bundle: who made it and when, as the bundle claims (quoted, not this instance's record);
   * createdAt/createdBy are the import's.
   */
  claim?: { by: string | null; at: string | null; source: string } | null;
  /** The server-written texts in ja and en (titles, summaries, locations); null for texts people wrote. */
  texts?: EvidenceTexts | null;
};

type EvidenceRow = Selectable<EvidenceTable> & {
  blob_size?: number | string | null;
  blob_media_type?: string | null;
  verification_ok?: number | null;
  verification_problem?: string | null;
  verification_checked_at?: string | null;
};

export function toEvidence(r: EvidenceRow): Evidence {
  const isDoc = r.type === "document";
  return {
    id: r.id,
    type: r.type as EvidenceType,
    kind: r.kind ?? null,
    title: r.title,
    summary: r.summary ?? null,
    document: isDoc
      ? {
          documentName: r.document_name ?? "",
          documentNumber: r.document_number,
          documentVersion: r.document_version,
          location: r.location,
          url: r.url,
        }
      : null,
    deviceTest: isDoc
      ? null
      : {
          recordName: r.record_name ?? "",
          resultSummary: r.result_summary ?? "",
          testedOn: r.tested_on ?? "",
          tester: r.tester ?? "",
        },
    file: r.blob_sha256
      ? {
          sha256: r.blob_sha256,
          size: Number(r.blob_size ?? 0),
          mediaType: r.blob_media_type ?? "application/octet-stream",
          originalName: r.original_name ?? null,
        }
      : null,
    notes: r.notes,
    revision: Number(r.revision ?? 1),
    supersedesId: r.supersedes_id ?? null,
    retentionUntil: r.retention_until ?? null,
    deletedAt: r.deleted_at ?? null,
    deviceTestResult: r.test_key && r.test_verdict ? { key: r.test_key, verdict: r.test_verdict } : null,
    verification:
      r.verification_ok === null || r.verification_ok === undefined
        ? null
        : {
            ok: r.verification_ok === 1,
            problem: r.verification_problem ?? null,
            checkedAt: r.verification_checked_at ?? "",
          },
    createdAt: r.created_at,
    createdBy: r.created_by,
    claim: r.claimed_source
      ? { by: r.claimed_by ?? null, at: r.claimed_at ?? null, source: r.claimed_source }
      : null,
    texts: parseTexts(r.texts),
  };
}

/** Evidence rows with their blob and last verification. */
export function selectEvidence(db: Db) {
  return db
    .selectFrom("evidence")
    .leftJoin("blobs", "blobs.sha256", "evidence.blob_sha256")
    .leftJoin("evidence_verifications", "evidence_verifications.evidence_id", "evidence.id")
    .selectAll("evidence")
    .select([
      "blobs.size as blob_size",
      "blobs.media_type as blob_media_type",
      "evidence_verifications.ok as verification_ok",
      "evidence_verifications.problem as verification_problem",
      "evidence_verifications.checked_at as verification_checked_at",
    ]);
}

/** When evidence created now may be deleted: the organisation's retention period after creation. */
export async function retentionUntil(db: Db, orgId: string, now: Date): Promise<string> {
  const org = await db
    .selectFrom("organisations")
    .select("retention_years")
    .where("id", "=", orgId)
    .executeTakeFirst();
  const until = new Date(now);
  until.setUTCFullYear(until.getUTCFullYear() + Number(org?.retention_years ?? 5));
  return until.toISOString();
}

export type FileFields = {
  kind: string;
  summary: string | null;
  blobSha256: string;
  originalName: string | null;
};

/** The evidence row for a validated input (and optionally a stored file), ready to insert. */
export async function evidenceRow(
  db: Db,
  ctx: RequestContext,
  data: EvidenceCreate,
  now: Date,
  extra: {
    file?: FileFields;
    revision?: number;
    supersedesId?: string | null;
    test?: { key: string; verdict: string };
    /** Server-written texts in both languages (the plain columns hold the writer's language). */
    texts?: EvidenceTexts;
  } = {},
) {
  const base = {
    id: newId("evd"),
    org_id: ctx.orgId,
    type: data.type,
    notes: data.notes ?? null,
    created_at: now.toISOString(),
    created_by: ctx.actor.id,
    document_name: null,
    document_number: null,
    document_version: null,
    location: null,
    url: null,
    record_name: null,
    result_summary: null,
    tested_on: null,
    tester: null,
    kind: extra.file?.kind ?? null,
    summary: extra.file?.summary ?? null,
    blob_sha256: extra.file?.blobSha256 ?? null,
    original_name: extra.file?.originalName ?? null,
    revision: extra.revision ?? 1,
    supersedes_id: extra.supersedesId ?? null,
    retention_until: await retentionUntil(db, ctx.orgId, now),
    deleted_at: null,
    deleted_by: null,
    test_key: extra.test?.key ?? null,
    test_verdict: extra.test?.verdict ?? null,
    // Only where set: rows without server texts insert as they did before the column existed.
    ...(extra.texts ? { texts: textsColumn(extra.texts) } : {}),
  };
  return data.type === "document"
    ? {
        ...base,
        title: data.title || data.documentName,
        document_name: data.documentName,
        document_number: data.documentNumber ?? null,
        document_version: data.documentVersion ?? null,
        location: data.location ?? null,
        url: data.url ?? null,
      }
    : {
        ...base,
        title: data.title || data.recordName,
        record_name: data.recordName,
        result_summary: data.resultSummary,
        tested_on: data.testedOn,
        tester: data.tester,
      };
}

/** Inserts an evidence row and its audit entry (which holds the row's hash) in the caller's transaction. */
export async function insertEvidence(
  trx: Db,
  ctx: RequestContext,
  row: Awaited<ReturnType<typeof evidenceRow>>,
  action: string,
  now: Date,
): Promise<void> {
  await trx.insertInto("evidence").values(row).execute();
  await appendAudit(
    trx,
    {
      orgId: ctx.orgId,
      actor: ctx.actor.id,
      action,
      entityType: "evidence",
      entityId: row.id,
      data: {
        rowHash: evidenceRowHash(row),
        revision: row.revision,
        supersedesId: row.supersedes_id,
        blob: row.blob_sha256,
      },
    },
    now,
  );
}

/** Records a document reference or a device-test record of the caller's organisation. */
export async function createEvidence(deps: CoreDeps, ctx: RequestContext, input: unknown): Promise<Evidence> {
  const data = parseOrThrow(evidenceCreateSchema, input);
  const now = deps.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await evidenceRow(trx, ctx, data, now);
    await insertEvidence(trx, ctx, row, "evidence.created", now);
    return row.id;
  });
  return getEvidence(deps, ctx, id);
}

export async function getEvidence(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  id: string,
): Promise<Evidence> {
  const row = await selectEvidence(deps.db)
    .where("evidence.id", "=", id)
    .where("evidence.org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", { entity: ctx.lang === "ja" ? "証跡" : "Evidence", id });
  return toEvidence(row);
}

/** The organisation's current evidence (latest revisions, not deleted), newest first. */
export async function listEvidence(deps: Pick<CoreDeps, "db">, ctx: RequestContext): Promise<Evidence[]> {
  const rows = await selectEvidence(deps.db)
    .where("evidence.org_id", "=", ctx.orgId)
    .where("evidence.deleted_at", "is", null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("evidence as newer")
            .select("newer.id")
            .whereRef("newer.supersedes_id", "=", "evidence.id"),
        ),
      ),
    )
    .orderBy("evidence.created_at", "desc")
    .orderBy("evidence.id", "desc")
    .execute();
  return rows.map(toEvidence);
}

/** Evidence of the organisation by id; every id must exist and be live (NOT_FOUND names the first missing one). */
export async function getEvidenceMany(
  db: Db,
  ctx: RequestContext,
  ids: readonly string[],
): Promise<Evidence[]> {
  if (ids.length === 0) return [];
  const rows = await selectEvidence(db)
    .where("evidence.id", "in", [...ids])
    .where("evidence.org_id", "=", ctx.orgId)
    .execute();
  const found = new Map(rows.filter((r) => !r.deleted_at).map((r) => [r.id, toEvidence(r)]));
  const missing = ids.find((id) => !found.has(id));
  if (missing)
    throw new AppError("NOT_FOUND", { entity: ctx.lang === "ja" ? "証跡" : "Evidence", id: missing });
  return ids.map((id) => found.get(id) as Evidence);
}

/** Evidence linked to each criterion result, by result id. */
export async function evidenceByResult(
  db: Db,
  resultIds: readonly string[],
): Promise<Map<string, Evidence[]>> {
  const map = new Map<string, Evidence[]>();
  if (resultIds.length === 0) return map;
  const rows = await selectEvidence(db)
    .innerJoin("evidence_links", "evidence_links.evidence_id", "evidence.id")
    .select("evidence_links.result_id")
    .where("evidence_links.result_id", "in", [...resultIds])
    .where("evidence.deleted_at", "is", null)
    .orderBy("evidence.created_at")
    .orderBy("evidence.id")
    .execute();
  for (const row of rows) {
    const list = map.get(row.result_id) ?? [];
    list.push(toEvidence(row));
    map.set(row.result_id, list);
  }
  return map;
}
