import type { Selectable } from "kysely";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { isoNow } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { type EvidenceType, evidenceCreateSchema } from "./evidence.schema.ts";
import type { EvidenceTable } from "./evidence.table.ts";

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

/** An evidence reference as every feature sees it. */
export type Evidence = {
  id: string;
  type: EvidenceType;
  title: string;
  document: DocumentReference | null;
  deviceTest: DeviceTestRecord | null;
  notes: string | null;
  createdAt: string;
  createdBy: string | null;
};

export function toEvidence(r: Selectable<EvidenceTable>): Evidence {
  const isDoc = r.type === "document";
  return {
    id: r.id,
    type: r.type as EvidenceType,
    title: r.title,
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
    notes: r.notes,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

/** Records a document reference or a device-test record of the caller's organisation. */
export async function createEvidence(deps: CoreDeps, ctx: RequestContext, input: unknown): Promise<Evidence> {
  const data = parseOrThrow(evidenceCreateSchema, input);
  const base = {
    id: newId("evd"),
    org_id: ctx.orgId,
    type: data.type,
    notes: data.notes ?? null,
    created_at: isoNow(deps),
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
  };
  const row =
    data.type === "document"
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
  await deps.db.insertInto("evidence").values(row).execute();
  return toEvidence(row);
}

export async function getEvidence(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  id: string,
): Promise<Evidence> {
  const row = await deps.db
    .selectFrom("evidence")
    .selectAll()
    .where("id", "=", id)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", { entity: ctx.lang === "ja" ? "証跡" : "Evidence", id });
  return toEvidence(row);
}

export async function listEvidence(deps: Pick<CoreDeps, "db">, ctx: RequestContext): Promise<Evidence[]> {
  const rows = await deps.db
    .selectFrom("evidence")
    .selectAll()
    .where("org_id", "=", ctx.orgId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map(toEvidence);
}

/** Evidence of the organisation by id; every id must exist (NOT_FOUND names the first missing one). */
export async function getEvidenceMany(
  db: Db,
  ctx: RequestContext,
  ids: readonly string[],
): Promise<Evidence[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("evidence")
    .selectAll()
    .where("id", "in", [...ids])
    .where("org_id", "=", ctx.orgId)
    .execute();
  const found = new Map(rows.map((r) => [r.id, toEvidence(r)]));
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
  const rows = await db
    .selectFrom("evidence_links")
    .innerJoin("evidence", "evidence.id", "evidence_links.evidence_id")
    .selectAll("evidence")
    .select("evidence_links.result_id")
    .where("evidence_links.result_id", "in", [...resultIds])
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
