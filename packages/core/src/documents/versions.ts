import type { Selectable } from "kysely";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";
import type { Lang } from "../i18n/text.ts";
import { getProduct } from "../product/product.ts";
import type { DocumentVersionTable } from "./documents.table.ts";
import type { DocumentKind } from "./inputs.schema.ts";

export const DOCUMENT_FORMATS = ["md", "html", "pdf"] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** A published, immutable document version. */
export type DocumentVersion = {
  id: string;
  productId: string;
  kind: DocumentKind;
  version: number;
  number: string;
  title: string;
  files: {
    ja: Record<DocumentFormat, string>;
    en: Record<DocumentFormat, string>;
    securityTxt: string | null;
  };
  evidenceIds: { ja: string; en: string };
  publishedAt: string;
  publishedBy: string | null;
};

function toVersion(row: Selectable<DocumentVersionTable>): DocumentVersion {
  return {
    id: row.id,
    productId: row.product_id,
    kind: row.kind as DocumentKind,
    version: Number(row.version),
    number: row.number,
    title: row.title,
    files: JSON.parse(row.files),
    evidenceIds: JSON.parse(row.evidence_ids),
    publishedAt: row.published_at,
    publishedBy: row.published_by,
  };
}

/** Every published version of a product's documents, newest first. */
export async function listDocumentVersions(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  productId: string,
): Promise<DocumentVersion[]> {
  // A product of another organisation is not found (as on every product route), not an empty list.
  await getProduct(deps, ctx, productId);
  const rows = await deps.db
    .selectFrom("document_versions")
    .selectAll()
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("published_at", "desc")
    .orderBy("version", "desc")
    .execute();
  return rows.map(toVersion);
}

export async function getDocumentVersion(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  id: string,
): Promise<DocumentVersion> {
  const row = await deps.db
    .selectFrom("document_versions")
    .selectAll()
    .where("id", "=", id)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!row)
    throw new AppError("NOT_FOUND", { entity: ctx.lang === "ja" ? "文書の版" : "Document version", id });
  return toVersion(row);
}

const MEDIA: Record<DocumentFormat | "txt", string> = {
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
  pdf: "application/pdf",
  txt: "text/plain; charset=utf-8",
};

/** Which stored file to send for a version, language and format (or its security.txt), with a download name. */
export async function documentVersionFile(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  id: string,
  lang: Lang,
  format: DocumentFormat | "security.txt",
): Promise<{ sha256: string; mediaType: string; fileName: string }> {
  const v = await getDocumentVersion(deps, ctx, id);
  if (format === "security.txt") {
    if (!v.files.securityTxt) throw new AppError("NOT_FOUND", { entity: "security.txt", id });
    return { sha256: v.files.securityTxt, mediaType: MEDIA.txt, fileName: "security.txt" };
  }
  return {
    sha256: v.files[lang][format],
    mediaType: MEDIA[format],
    fileName: `${v.number}-v${v.version}-${lang}.${format}`,
  };
}
