import { appendAudit } from "../audit/audit-log.ts";
import type { RequestContext } from "../context/deps.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import { retentionUntil } from "../evidence/evidence.ts";
import { parseTexts, textsColumn } from "../evidence/evidence-texts.ts";
import { evidenceRowHash } from "../evidence/row-hash.ts";
import { putBlob, removeBlobFile } from "../vault/blob-store.ts";
import type { VaultDeps } from "../vault/upload.ts";
import { bundleOriginHere } from "./trusted-keys.ts";
import { verifyBundleFile } from "./verify-bundle.ts";
import { eachZipEntry } from "./zip-read.ts";

/**
 * Restores a bundle's evidence into an organisation of this instance, after verifying all of it. A bundle with
 * any problem (traversal, links, oversize or mismatched entries, broken audit data) is refused with the full
 * list of reasons and nothing is written; so is a bundle signed by a key that is neither this instance's nor one
 * an admin trusts (BUNDLE_KEY_UNTRUSTED). Imported records get new ids and are the importer's (author, time);
 * the bundle's author and time are kept only as claims (claimed_by, claimed_at, claimed_source).
 */
export async function importBundle(
  deps: VaultDeps,
  ctx: RequestContext,
  zipPath: string,
): Promise<{ imported: number; files: number }> {
  const report = await verifyBundleFile(zipPath);
  if (!report.ok || !report.manifest) {
    throw new AppError(
      "INVALID_BUNDLE",
      { reason: report.problems[0] ?? "unknown" },
      report.problems.map((p) => ({ path: "bundle", message: { ja: p, en: p } })),
    );
  }
  const origin = await bundleOriginHere(deps.db, report);
  if (!origin.trusted) throw new AppError("BUNDLE_KEY_UNTRUSTED", { fingerprint: report.fingerprint ?? "-" });
  const source = `bundle ${report.fingerprint} (${origin.name})`;
  const manifest = report.manifest;
  const stored: string[] = [];
  try {
    await eachZipEntry(
      zipPath,
      (name) => name.startsWith("files/"),
      async (name, stream) => {
        const blob = await putBlob(deps.blobs, stream, deps.maxUploadBytes);
        if (`files/${blob.sha256}` !== name)
          throw new AppError("INVALID_BUNDLE", { reason: `${name} changed while importing` });
        if (!blob.existed) stored.push(blob.sha256);
      },
    );
    const now = deps.now();
    await deps.db.transaction().execute(async (trx) => {
      const ids = new Map(manifest.evidence.map((e) => [e.id, newId("evd")]));
      for (const e of manifest.evidence) {
        if (e.file) {
          await trx
            .insertInto("blobs")
            .values({
              sha256: e.file.sha256,
              size: e.file.size,
              media_type: e.file.mediaType,
              created_at: now.toISOString(),
            })
            .onConflict((oc) => oc.column("sha256").doNothing())
            .execute();
        }
        const r = e.row as Record<string, string | number | null>;
        const row = {
          id: ids.get(e.id) as string,
          org_id: ctx.orgId,
          type: String(r.type),
          title: String(r.title),
          document_name: (r.document_name as string | null) ?? null,
          document_number: (r.document_number as string | null) ?? null,
          document_version: (r.document_version as string | null) ?? null,
          location: (r.location as string | null) ?? null,
          url: (r.url as string | null) ?? null,
          record_name: (r.record_name as string | null) ?? null,
          result_summary: (r.result_summary as string | null) ?? null,
          tested_on: (r.tested_on as string | null) ?? null,
          tester: (r.tester as string | null) ?? null,
          notes: (r.notes as string | null) ?? null,
          kind: (r.kind as string | null) ?? null,
          summary: (r.summary as string | null) ?? null,
          blob_sha256: e.file?.sha256 ?? null,
          original_name: (r.original_name as string | null) ?? null,
          revision: Number(r.revision ?? 1),
          supersedes_id: e.supersedesId ? (ids.get(e.supersedesId) ?? null) : null,
          // The record is the importer's; what the bundle says about its author is kept as a quoted claim.
          created_at: now.toISOString(),
          created_by: ctx.actor.id,
          claimed_by: (r.created_by as string | null) ?? null,
          claimed_at: (r.created_at as string | null) ?? null,
          claimed_source: source,
          texts: textsColumn(parseTexts(r.texts as string | null) ?? undefined),
          retention_until: await retentionUntil(trx, ctx.orgId, now),
          deleted_at: null,
          deleted_by: null,
        };
        await trx.insertInto("evidence").values(row).execute();
        await appendAudit(
          trx,
          {
            orgId: ctx.orgId,
            actor: ctx.actor.id,
            action: "evidence.imported",
            entityType: "evidence",
            entityId: row.id,
            data: {
              rowHash: evidenceRowHash(row),
              importedFrom: e.id,
              bundleKeyId: report.keyId,
              bundleFingerprint: report.fingerprint,
              bundleCheckpoint: report.checkpointSeq,
              claimedBy: row.claimed_by,
              claimedAt: row.claimed_at,
            },
          },
          now,
        );
      }
    });
  } catch (error) {
    // Nothing is kept from a failed import: files this import added go again.
    for (const sha of stored) {
      const used = await deps.db
        .selectFrom("blobs")
        .select("sha256")
        .where("sha256", "=", sha)
        .executeTakeFirst();
      if (!used) removeBlobFile(deps.blobs, sha);
    }
    throw error;
  }
  return { imported: manifest.evidence.length, files: report.files };
}
