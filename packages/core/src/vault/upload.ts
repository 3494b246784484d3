import type { Readable } from "node:stream";
import { z } from "zod";
import { bumpResultVersions } from "../assessment/result-links.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { evidenceCreateSchema } from "../evidence/evidence.schema.ts";
import { type Evidence, evidenceRow, getEvidence, insertEvidence } from "../evidence/evidence.ts";
import type { EvidenceTexts } from "../evidence/evidence-texts.ts";
import { type BlobStore, putBlob } from "./blob-store.ts";
import { linkToCriteria } from "./link-criteria.ts";

export const FILE_KINDS = [
  "photo",
  "video",
  "screenshot",
  "log",
  "document",
  "probe-result",
  "other",
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** Kinds that record a test on the device; the rest are documents. */
const DEVICE_KINDS: readonly string[] = ["photo", "video", "screenshot", "log", "probe-result"];

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
const UNSAFE_IN_NAMES = /[\u0000-\u001f\u007f<>:"|?*]/g;

/** A file name safe to show and to put in a ZIP: no folders, no control characters, at most 200 characters. */
export function sanitizeFileName(name: string | null | undefined): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base.normalize("NFC").replace(UNSAFE_IN_NAMES, "_").replace(/^\.+/, "_").trim().slice(0, 200);
  return clean || null;
}

export const uploadMetaSchema = z
  .object({
    kind: z.enum(FILE_KINDS),
    summary: z.string().trim().max(5000).optional(),
    fileName: z.string().max(1000).optional(),
    productId: z.string().min(1).max(64).optional(),
    criterion: z.array(z.string().min(1).max(32)).max(32).default([]),
    title: z.string().trim().max(300).optional(),
    documentName: z.string().trim().max(300).optional(),
    documentNumber: z.string().trim().max(100).optional(),
    documentVersion: z.string().trim().max(100).optional(),
    location: z.string().trim().max(300).optional(),
    testedOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    tester: z.string().trim().max(200).optional(),
  })
  .strict();
export type UploadMeta = z.output<typeof uploadMetaSchema>;

export type VaultDeps = CoreDeps & { blobs: BlobStore; maxUploadBytes: number };

/** The evidence fields of an uploaded file: a device-test record for photos, logs…, a document otherwise. */
function recordFor(meta: UploadMeta, fileName: string | null, ctx: RequestContext, today: string) {
  const name = fileName ?? meta.title ?? meta.kind;
  if (DEVICE_KINDS.includes(meta.kind)) {
    return parseOrThrow(evidenceCreateSchema, {
      type: "device_test",
      title: meta.title,
      recordName: name,
      resultSummary: meta.summary || name,
      testedOn: meta.testedOn ?? today,
      tester: meta.tester || ctx.actor.name,
    });
  }
  return parseOrThrow(evidenceCreateSchema, {
    type: "document",
    title: meta.title,
    documentName: meta.documentName || name,
    documentNumber: meta.documentNumber,
    documentVersion: meta.documentVersion,
    location: meta.location || ATTACHED[ctx.lang],
  });
}

/** The location of a document uploaded without one. */
const ATTACHED = { ja: "添付ファイル", en: "attached file" } as const;

/** The texts the server wrote into a record (in both languages), merged with the caller's. */
function serverTexts(meta: UploadMeta, texts: EvidenceTexts | undefined): EvidenceTexts | undefined {
  const location = !DEVICE_KINDS.includes(meta.kind) && !meta.location ? { ...ATTACHED } : undefined;
  const merged = { ...(location ? { location } : {}), ...texts };
  return Object.keys(merged).length > 0 ? merged : undefined;
}

async function storeAndRecord(
  deps: VaultDeps,
  ctx: RequestContext,
  meta: UploadMeta,
  body: AsyncIterable<Uint8Array> | Readable,
  within: (trx: Db, row: Awaited<ReturnType<typeof evidenceRow>>) => Promise<void>,
  revision?: { of: { id: string; revision: number } },
  texts?: EvidenceTexts,
): Promise<string> {
  const fileName = sanitizeFileName(meta.fileName);
  // The file is complete, fsynced and named by its hash before any row points at it.
  const blob = await putBlob(deps.blobs, body, deps.maxUploadBytes);
  const now = deps.now();
  const data = recordFor(meta, fileName, ctx, now.toISOString().slice(0, 10));
  return deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("blobs")
      .values({
        sha256: blob.sha256,
        size: blob.size,
        media_type: blob.mediaType,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.column("sha256").doNothing())
      .execute();
    const row = await evidenceRow(trx, ctx, data, now, {
      file: {
        kind: meta.kind,
        summary: meta.summary || null,
        blobSha256: blob.sha256,
        originalName: fileName,
      },
      ...(revision ? { revision: revision.of.revision + 1, supersedesId: revision.of.id } : {}),
      texts: serverTexts(meta, texts),
    });
    await insertEvidence(trx, ctx, row, revision ? "evidence.revised" : "evidence.created", now);
    await within(trx, row);
    return row.id;
  });
}

/**
 * Stores an uploaded evidence file (streamed; SHA-256 while streaming; deduplicated by hash) and records it,
 * linked to the given criteria of the product's newest assessment — all in one transaction after the file is safe.
 */
export async function uploadEvidence(
  deps: VaultDeps,
  ctx: RequestContext,
  metaInput: unknown,
  body: AsyncIterable<Uint8Array> | Readable,
  /** Texts the server writes (never from a request): e.g. the title of a bundle it made, in ja and en. */
  texts?: EvidenceTexts,
): Promise<Evidence> {
  const meta = parseOrThrow(uploadMetaSchema, metaInput);
  if (meta.criterion.length > 0 && !meta.productId) {
    throw new AppError("VALIDATION_FAILED", {}, [
      {
        path: "productId",
        message: {
          ja: "基準に紐付けるには製品を指定してください。",
          en: "Give the product to link criteria.",
        },
      },
    ]);
  }
  const id = await storeAndRecord(
    deps,
    ctx,
    meta,
    body,
    async (trx, row) => {
      if (meta.productId) await linkToCriteria(trx, deps, ctx, meta.productId, meta.criterion, row.id);
    },
    undefined,
    texts,
  );
  return getEvidence(deps, ctx, id);
}

/** A corrected file for existing evidence: a new revision that takes over its links; the old one stays visible. */
export async function reviseEvidenceFile(
  deps: VaultDeps,
  ctx: RequestContext,
  evidenceId: string,
  metaInput: unknown,
  body: AsyncIterable<Uint8Array> | Readable,
): Promise<Evidence> {
  const meta = parseOrThrow(uploadMetaSchema, metaInput);
  const current = await getEvidence(deps, ctx, evidenceId);
  if (current.deletedAt) throw new AppError("EVIDENCE_DELETED", { id: evidenceId });
  const id = await storeAndRecord(
    deps,
    ctx,
    meta,
    body,
    async (trx, row) => {
      await moveLinks(trx, evidenceId, row.id, ctx.orgId, deps.now());
    },
    { of: current },
  );
  return getEvidence(deps, ctx, id);
}

/** Points every link of the old revision at the new one (inside the caller's transaction). */
export async function moveLinks(
  trx: Db,
  fromId: string,
  toId: string,
  orgId: string,
  now: Date,
): Promise<void> {
  const newer = await trx
    .selectFrom("evidence")
    .select("id")
    .where("supersedes_id", "=", fromId)
    .where("id", "!=", toId)
    .executeTakeFirst();
  if (newer) throw new AppError("VERSION_CONFLICT", { current: newer.id, sent: fromId });
  const links = await trx
    .selectFrom("evidence_links")
    .selectAll()
    .where("evidence_id", "=", fromId)
    .execute();
  await trx.deleteFrom("evidence_links").where("evidence_id", "=", fromId).execute();
  if (links.length > 0) {
    await trx
      .insertInto("evidence_links")
      .values(
        links.map((l) => ({
          evidence_id: toId,
          result_id: l.result_id,
          org_id: orgId,
          created_at: now.toISOString(),
        })),
      )
      .execute();
  }
  // The results' links changed (another evidence id): a form holding the old list must reload.
  await bumpResultVersions(
    trx,
    links.map((l) => l.result_id),
    null,
    now.toISOString(),
  );
}
