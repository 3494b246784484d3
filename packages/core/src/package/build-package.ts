import { createHash } from "node:crypto";
import { join } from "node:path";
import { PassThrough, Transform } from "node:stream";
import { appendAudit } from "../audit/audit-log.ts";
import { sha256Hex } from "../audit/canonical-json.ts";
import type { RequestContext } from "../context/deps.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import { getApplicationForm } from "../forms/application-form.ts";
import type { Lang } from "../i18n/text.ts";
import { resolvePdfFonts } from "../pdf/font.ts";
import { loadReadiness } from "../readiness/load-readiness-input.ts";
import { notReadyError } from "../signoff/not-ready.ts";
import { currentSignoff } from "../signoff/signoff.ts";
import { type BlobStore, putBlob } from "../vault/blob-store.ts";
import { useNativeCrc32 } from "./fast-crc32.ts";
import type { PackageDeps, PackageEntry } from "./package-entry.ts";
import { PACKAGE_PARTS } from "./package-parts.ts";
import {
  type ApplicationPackage,
  PACKAGE_FORMAT,
  type PackageManifest,
  toPackage,
} from "./package-record.ts";

/** Where built packages live: `<data>/packages/blobs/…`, by the ZIP's SHA-256 (fsync + rename, like evidence). */
export function packageStore(deps: Pick<PackageDeps, "dataDir">): BlobStore {
  return { root: join(deps.dataDir, "packages") };
}

/**
 * Builds the application package of a product: refused with the readiness blockers (NOT_READY) while the product
 * is not ready by `loadReadiness()`, and with NO_SIGNOFF without a sign-off in force. The ZIP (every part of PACKAGE_PARTS and a
 * manifest with SHA-256 hashes) is streamed to disk — evidence files are never held in memory — and recorded.
 */
export async function buildApplicationPackage(
  deps: PackageDeps,
  ctx: RequestContext,
  productId: string,
  options: { lang?: Lang } = {},
): Promise<ApplicationPackage> {
  const lang = options.lang ?? "ja";
  const signed = await currentSignoff(deps, ctx, productId);
  const { readiness: ready } = await loadReadiness(
    deps,
    ctx,
    { productId },
    signed ? { route: signed.route } : {},
  );
  if (!ready.ready) throw notReadyError(ready);
  if (!signed) throw new AppError("NO_SIGNOFF");
  const fonts = resolvePdfFonts(deps.pdfFont);
  const form = await getApplicationForm(deps, ctx, productId);
  const createdAt = deps.now();
  const input = { deps, ctx, signed, form, lang, fonts, createdAt };
  const entries: PackageEntry[] = [];
  for (const part of PACKAGE_PARTS) entries.push(...(await part.build(input)));
  const manifest = packageManifest(signed, productId, lang, createdAt, entries);
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const stored = await writePackageZip(deps, entries, manifestText, createdAt);
  const id = await recordPackage(deps, ctx, {
    productId,
    signed,
    lang,
    stored,
    manifest,
    manifestText,
    createdAt,
  });
  const row = await deps.db
    .selectFrom("application_packages")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return toPackage(row);
}

type SignedOff = NonNullable<Awaited<ReturnType<typeof currentSignoff>>>;

/** The manifest: who signed what, the catalog version and route, and every file with its hash and size. */
function packageManifest(
  signed: SignedOff,
  productId: string,
  lang: Lang,
  createdAt: Date,
  entries: PackageEntry[],
): PackageManifest {
  return {
    format: PACKAGE_FORMAT,
    createdAt: createdAt.toISOString(),
    lang,
    organisation: signed.snapshot.organisation.name,
    product: {
      id: productId,
      name: signed.snapshot.product.name,
      modelNumbers: signed.snapshot.product.modelNumbers,
    },
    signoff: {
      id: signed.id,
      signerName: signed.signerName,
      signerTitle: signed.signerTitle,
      signedAt: signed.signedAt,
      snapshotSha256: signed.snapshotSha256,
    },
    catalogVersion: signed.snapshot.catalog.version,
    route: signed.route,
    files: entries.map((e) => ({
      path: e.path,
      mediaType: e.mediaType,
      sha256: "content" in e ? sha256Hex(e.content) : e.file.sha256,
      size: "content" in e ? e.content.length : e.file.size,
    })),
  };
}

/** Streams the ZIP (entries, then the manifest) into the package store; a missing or changed file fails it. */
async function writePackageZip(
  deps: PackageDeps,
  entries: PackageEntry[],
  manifestText: string,
  createdAt: Date,
): Promise<{ sha256: string; size: number }> {
  useNativeCrc32();
  const { default: yazl } = await import("yazl");
  const zip = new yazl.ZipFile();
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  // yazl does not forward errors of the streams it reads: a missing or changed file must fail the build.
  const fail = (error: Error) => out.destroy(error);
  for (const e of entries) {
    if ("content" in e) zip.addBuffer(e.content, e.path, { mtime: createdAt, compress: e.compress });
    else
      zip.addReadStreamLazy(e.path, { mtime: createdAt, compress: e.compress, size: e.file.size }, (cb) => {
        const source = e.file
          .open()
          .on("error", (error) =>
            fail(new AppError("PACKAGE_FILE_MISMATCH", { path: e.path }, [], { cause: error })),
          );
        cb(null, source.pipe(verifyHash(e.path, e.file.sha256)).on("error", fail));
      });
  }
  zip.addBuffer(Buffer.from(manifestText), "manifest.json", { mtime: createdAt, compress: true });
  zip.end();
  zip.on("error", fail);
  zip.outputStream.on("error", fail);
  zip.outputStream.pipe(out);
  return putBlob(packageStore(deps), out, Number.MAX_SAFE_INTEGER);
}

/** The package's row and its audit entry, in one transaction; returns the new id. */
async function recordPackage(
  deps: PackageDeps,
  ctx: RequestContext,
  p: {
    productId: string;
    signed: SignedOff;
    lang: Lang;
    stored: { sha256: string; size: number };
    manifest: PackageManifest;
    manifestText: string;
    createdAt: Date;
  },
): Promise<string> {
  const id = newId("pkg");
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("application_packages")
      .values({
        id,
        org_id: ctx.orgId,
        product_id: p.productId,
        signoff_id: p.signed.id,
        lang: p.lang,
        zip_sha256: p.stored.sha256,
        size: p.stored.size,
        manifest: p.manifestText,
        created_at: p.createdAt.toISOString(),
        created_by: ctx.actor.id,
      })
      .execute();
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "package.built",
        entityType: "application_package",
        entityId: id,
        data: {
          productId: p.productId,
          signoffId: p.signed.id,
          snapshotSha256: p.signed.snapshotSha256,
          zipSha256: p.stored.sha256,
          manifestSha256: sha256Hex(p.manifestText),
          files: p.manifest.files.length,
        },
      },
      deps.now(),
    );
  });
  return id;
}

/** Passes bytes through and fails at the end when they do not hash to `sha256` (a changed or damaged file). */
function verifyHash(path: string, sha256: string): Transform {
  const hash = createHash("sha256");
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const actual = hash.digest("hex");
      done(
        actual === sha256 ? null : new AppError("PACKAGE_FILE_MISMATCH", { path, expected: sha256, actual }),
      );
    },
  });
}
