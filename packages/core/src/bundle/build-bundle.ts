import type { Writable } from "node:stream";
import { type AuditEntry, auditEntriesFor } from "../audit/audit-log.ts";
import { type Checkpoint, checkpoint, type Signer } from "../audit/checkpoints.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";
import { getProduct } from "../product/product.ts";
import { type BlobStore, readBlob } from "../vault/blob-store.ts";
import { BUNDLE_FORMAT, type BundleEvidence, type BundleManifest } from "./bundle-format.ts";
import { bundleIndexHtml } from "./bundle-index.ts";
import { bundleSignatureOf, SIGNATURE_ENTRY } from "./bundle-signature.ts";

export type BundleDeps = CoreDeps & { blobs: BlobStore; signer: Signer; dataDir: string };

/**
 * Writes the evidence bundle of a product (all criteria, or the ones given) as a ZIP to `out`, streaming
 * every file: manifest.json (criteria → evidence, hashes, sizes, times, who), the files by hash, a Japanese
 * index.html, the audit excerpt with the chain of hashes up to a fresh signed checkpoint, the public key, and
 * signature.json (the SHA-256 of each of those entries, signed with the instance's audit key).
 */
export async function writeEvidenceBundle(
  deps: BundleDeps,
  ctx: RequestContext,
  productId: string,
  criteria: readonly string[],
  out: Writable,
): Promise<BundleManifest> {
  const product = await getProduct(deps, ctx, productId);
  const assessment = await deps.db
    .selectFrom("assessments")
    .selectAll()
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  const models = await deps.db
    .selectFrom("model_numbers")
    .select("model_number")
    .where("product_id", "=", productId)
    .orderBy("model_number")
    .execute();
  let results = assessment
    ? await deps.db
        .selectFrom("criterion_results")
        .selectAll()
        .where("assessment_id", "=", assessment.id)
        .orderBy("criterion_id")
        .execute()
    : [];
  if (criteria.length > 0) {
    const unknown = criteria.find((c) => !results.some((r) => r.criterion_id === c));
    if (unknown)
      throw new AppError("UNKNOWN_CRITERION", {
        criterionId: unknown,
        version: assessment?.catalog_version ?? "-",
      });
    results = results.filter((r) => criteria.includes(r.criterion_id));
  }
  const links = results.length
    ? await deps.db
        .selectFrom("evidence_links")
        .selectAll()
        .where(
          "result_id",
          "in",
          results.map((r) => r.id),
        )
        .execute()
    : [];
  // The linked evidence and every earlier revision of it.
  const rowsById = new Map<string, Record<string, unknown>>();
  let frontier = [...new Set(links.map((l) => l.evidence_id))];
  while (frontier.length > 0) {
    const rows = await deps.db
      .selectFrom("evidence")
      .selectAll()
      .where("id", "in", frontier)
      .where("org_id", "=", ctx.orgId)
      .execute();
    frontier = [];
    for (const row of rows) {
      rowsById.set(row.id, row);
      if (row.supersedes_id && !rowsById.has(row.supersedes_id)) frontier.push(row.supersedes_id);
    }
  }
  const hashes = [
    ...new Set(
      [...rowsById.values()].map((r) => r.blob_sha256 as string | null).filter((h): h is string => !!h),
    ),
  ];
  const blobRows = new Map(
    (hashes.length
      ? await deps.db.selectFrom("blobs").selectAll().where("sha256", "in", hashes).execute()
      : []
    ).map((b) => [b.sha256, b]),
  );
  const evidence: BundleEvidence[] = [...rowsById.values()]
    .sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)))
    .map((row) => {
      const sha = row.blob_sha256 as string | null;
      const blob = sha ? blobRows.get(sha) : undefined;
      const { retention_until: _r, deleted_at: _d, deleted_by: _b, ...immutable } = row;
      return {
        id: row.id as string,
        type: row.type as string,
        kind: (row.kind as string | null) ?? null,
        title: row.title as string,
        revision: Number(row.revision),
        supersedesId: (row.supersedes_id as string | null) ?? null,
        createdAt: row.created_at as string,
        createdBy: (row.created_by as string | null) ?? null,
        row: { ...immutable, revision: Number(row.revision) },
        file:
          sha && blob && !row.deleted_at
            ? {
                path: `files/${sha}`,
                sha256: sha,
                size: Number(blob.size),
                mediaType: blob.media_type,
                originalName: (row.original_name as string | null) ?? null,
              }
            : null,
      };
    });

  const now = deps.now();
  await checkpoint(deps.db, deps.signer, now);
  const last = await deps.db
    .selectFrom("audit_checkpoints")
    .selectAll()
    .orderBy("seq", "desc")
    .executeTakeFirst();
  if (!last) throw new AppError("INTERNAL", {}, [], { cause: new Error("no audit checkpoint") });
  const signed: Checkpoint = {
    seq: Number(last.seq),
    hash: last.hash,
    signedAt: last.signed_at,
    keyId: last.key_id,
    signature: last.signature,
  };
  const entityIds = [...rowsById.keys(), ...results.map((r) => r.id), ...(assessment ? [assessment.id] : [])];
  const entries: AuditEntry[] = (await auditEntriesFor(deps.db, entityIds)).filter(
    (e) => e.seq <= signed.seq,
  );
  const chain = await deps.db
    .selectFrom("audit_entries")
    .select(["seq", "prev_hash", "hash"])
    .where("seq", "<=", signed.seq)
    .orderBy("seq")
    .execute();

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    createdAt: now.toISOString(),
    createdBy: ctx.actor.id,
    product: { id: product.id, name: product.name, modelNumbers: models.map((m) => m.model_number) },
    assessment: assessment ? { id: assessment.id, catalogVersion: assessment.catalog_version } : null,
    criteria: results.map((r) => ({
      criterionId: r.criterion_id,
      state: r.state,
      naReason: r.na_reason,
      evidenceIds: links.filter((l) => l.result_id === r.id).map((l) => l.evidence_id),
    })),
    evidence,
    audit: {
      entries: "audit/entries.jsonl",
      chain: "audit/chain.jsonl",
      checkpoint: "audit/checkpoint.json",
      publicKey: "audit/public-key.pem",
    },
    signer: { keyId: deps.signer.keyId, fingerprint: deps.signer.fingerprint },
  };

  const meta = new Map<string, Buffer>([
    ["manifest.json", Buffer.from(JSON.stringify(manifest, null, 2))],
    ["index.html", Buffer.from(bundleIndexHtml(manifest, deps.catalog))],
    [
      "audit/entries.jsonl",
      Buffer.from(entries.map((e) => JSON.stringify(e)).join("\n") + (entries.length ? "\n" : "")),
    ],
    [
      "audit/chain.jsonl",
      Buffer.from(
        `${chain
          .map((c) => JSON.stringify({ seq: Number(c.seq), prevHash: c.prev_hash, hash: c.hash }))
          .join("\n")}\n`,
      ),
    ],
    ["audit/checkpoint.json", Buffer.from(JSON.stringify(signed, null, 2))],
    ["audit/public-key.pem", Buffer.from(deps.signer.publicKeyPem)],
  ]);
  meta.set(SIGNATURE_ENTRY, bundleSignatureOf(meta, deps.signer));
  const { default: yazl } = await import("yazl");
  const zip = new yazl.ZipFile();
  const mtime = now;
  for (const [name, data] of meta) zip.addBuffer(data, name, { mtime });
  const added = new Set<string>();
  for (const e of evidence) {
    if (!e.file || added.has(e.file.sha256)) continue;
    added.add(e.file.sha256);
    // Evidence files are mostly already compressed (photos, videos): store them, as `zip -0` would.
    zip.addReadStream(readBlob(deps.blobs, e.file.sha256), e.file.path, {
      mtime,
      compress: false,
      size: e.file.size,
    });
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.on("error", reject);
    out.on("error", reject);
    out.on("finish", resolve);
    zip.outputStream.pipe(out);
  });
  return manifest;
}
