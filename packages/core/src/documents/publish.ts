import { Readable } from "node:stream";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { isUniqueViolation } from "../db/db-errors.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { evidenceCreateSchema } from "../evidence/evidence.schema.ts";
import { evidenceRow, insertEvidence } from "../evidence/evidence.ts";
import { jstDate } from "../i18n/datetime.ts";
import type { I18nText, Lang } from "../i18n/text.ts";
import { resolvePdfFonts } from "../pdf/font.ts";
import { putBlob, type StoredBlob } from "../vault/blob-store.ts";
import { linkToCriteria } from "../vault/link-criteria.ts";
import { moveLinks, type VaultDeps } from "../vault/upload.ts";
import { renderDocumentPdf } from "./document-pdf.ts";
import { type DocumentFacts, documentNumber } from "./facts.ts";
import type { DocumentKind } from "./inputs.schema.ts";
import { documentFacts } from "./inputs-store.ts";
import { basisLocation, type RenderedDocument, renderDocument } from "./render.ts";
import { buildSecurityTxt, type SecurityTxtProblem, validateSecurityTxt } from "./security-txt.ts";
import { documentTemplate, inputLabels } from "./template.ts";
import { type DocumentVersion, getDocumentVersion } from "./versions.ts";

export type MissingInput = { key: string; label: I18nText };

export type DocumentPreview = {
  kind: DocumentKind;
  lang: Lang;
  title: string;
  number: string;
  /** The version a publication now would get. */
  version: number;
  markdown: string;
  html: string;
  missing: MissingInput[];
  /** Vulnerability disclosure policy only. */
  securityTxt: { text: string; problems: SecurityTxtProblem[] } | null;
};

async function nextVersion(db: Db, ctx: RequestContext, productId: string, kind: DocumentKind) {
  const row = await db
    .selectFrom("document_versions")
    .select((eb) => eb.fn.max("version").as("max"))
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .where("kind", "=", kind)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

function renderBoth(facts: DocumentFacts, kind: DocumentKind, version: number, now: Date) {
  const template = documentTemplate(kind);
  const meta = {
    number: documentNumber(facts, template.code),
    version,
    date: jstDate(now),
  };
  return {
    template,
    ja: renderDocument(template, facts, "ja", meta),
    en: renderDocument(template, facts, "en", meta),
  };
}

const missingOf = (doc: RenderedDocument): MissingInput[] =>
  doc.missing.map((key) => ({ key, label: inputLabels()[key] ?? { ja: key, en: key } }));

/** Renders a document as it would be published now, without storing anything. */
export async function previewDocument(
  deps: Pick<CoreDeps, "db" | "now">,
  ctx: RequestContext,
  productId: string,
  kind: DocumentKind,
  lang: Lang,
): Promise<DocumentPreview> {
  const facts = await documentFacts(deps.db, ctx, productId);
  const now = deps.now();
  const version = await nextVersion(deps.db, ctx, productId, kind);
  const doc = renderBoth(facts, kind, version, now)[lang];
  const securityTxt = kind === "vulnerability-disclosure-policy" ? buildSecurityTxt(facts.inputs, now) : null;
  return {
    kind,
    lang,
    title: doc.title,
    number: doc.number,
    version,
    markdown: doc.markdown,
    html: doc.html,
    missing: missingOf(doc),
    securityTxt: securityTxt ? { text: securityTxt, problems: validateSecurityTxt(securityTxt, now) } : null,
  };
}

/** The newest live revision of an evidence chain (null when that revision was deleted). */
async function chainHead(trx: Db, orgId: string, evidenceId: string) {
  let current = await trx
    .selectFrom("evidence")
    .select(["id", "revision", "deleted_at"])
    .where("id", "=", evidenceId)
    .where("org_id", "=", orgId)
    .executeTakeFirst();
  while (current) {
    const newer = await trx
      .selectFrom("evidence")
      .select(["id", "revision", "deleted_at"])
      .where("supersedes_id", "=", current.id)
      .executeTakeFirst();
    if (!newer) break;
    current = newer;
  }
  return current && !current.deleted_at ? current : null;
}

type FileSet = { md: string; html: string; pdf: string };
export type DocumentFiles = { ja: FileSet; en: FileSet; securityTxt: string | null };

/**
 * Publishes a new, immutable version of a document: Markdown, HTML and PDF in Japanese and English (and, for the
 * vulnerability disclosure policy, security.txt) are stored as files; each language becomes document evidence
 * (name, number, version, section anchors) that revises the previous version's evidence and takes over its links;
 * the Japanese one is linked to the document's criteria on the product's newest assessment.
 * Refused with DOCUMENT_INPUTS_INCOMPLETE (nothing stored) while a value the text needs is missing.
 */
export async function publishDocument(
  deps: VaultDeps & { pdfFont?: string | undefined },
  ctx: RequestContext,
  productId: string,
  kind: DocumentKind,
): Promise<DocumentVersion> {
  const facts = await documentFacts(deps.db, ctx, productId);
  const now = deps.now();
  const version = await nextVersion(deps.db, ctx, productId, kind);
  const { template, ja, en } = renderBoth(facts, kind, version, now);
  const missing = missingOf(ja);
  if (missing.length > 0) {
    throw new AppError(
      "DOCUMENT_INPUTS_INCOMPLETE",
      { document: template.title[ctx.lang], fields: missing.map((m) => m.label[ctx.lang]).join(", ") },
      missing.map((m) => ({
        path: m.key,
        message: { ja: `${m.label.ja}を入力してください。`, en: `Give: ${m.label.en}.` },
      })),
    );
  }
  let securityTxt: string | null = null;
  if (kind === "vulnerability-disclosure-policy") {
    securityTxt = buildSecurityTxt(facts.inputs, now);
    const problems = validateSecurityTxt(securityTxt, now);
    if (problems.length > 0)
      throw new AppError(
        "SECURITY_TXT_INVALID",
        { problems: problems.map((p) => p.message[ctx.lang]).join(" ") },
        problems.map((p) => ({ path: p.field ?? "securityTxt", message: p.message })),
      );
  }
  const fonts = resolvePdfFonts(deps.pdfFont);
  // Files first (fsynced, named by hash); rows point at them only once they are safe.
  const stored: StoredBlob[] = [];
  const put = async (content: string | Buffer) => {
    const blob = await putBlob(deps.blobs, Readable.from([Buffer.from(content)]), deps.maxUploadBytes);
    stored.push(blob);
    return blob.sha256;
  };
  const files: DocumentFiles = {
    ja: {
      md: await put(ja.markdown),
      html: await put(ja.html),
      pdf: await put(await renderDocumentPdf(ja, now, fonts)),
    },
    en: {
      md: await put(en.markdown),
      html: await put(en.html),
      pdf: await put(await renderDocumentPdf(en, now, fonts)),
    },
    securityTxt: securityTxt ? await put(securityTxt) : null,
  };
  const previous = await deps.db
    .selectFrom("document_versions")
    .select("evidence_ids")
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .where("kind", "=", kind)
    .orderBy("version", "desc")
    .executeTakeFirst();
  const previousIds = previous ? (JSON.parse(previous.evidence_ids) as Record<Lang, string>) : null;
  const id = newId("dov");
  try {
    await deps.db.transaction().execute(async (trx) => {
      for (const blob of stored) {
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
      }
      const evidenceIds: Record<string, string> = {};
      for (const doc of [ja, en]) {
        const data = parseOrThrow(evidenceCreateSchema, {
          type: "document",
          title: `${doc.title} — ${doc.productName}`.slice(0, 300),
          documentName: `${doc.title}（${doc.productName}）`.slice(0, 300),
          documentNumber: doc.number,
          documentVersion: `v${version}`,
          location: basisLocation(doc).slice(0, 300),
          url: kind === "vulnerability-disclosure-policy" ? facts.inputs.disclosure.policyUrl : null,
          notes: doc.lang === "ja" ? "jcstar が生成した文書" : "Generated by jcstar",
        });
        const head = previousIds ? await chainHead(trx, ctx.orgId, previousIds[doc.lang]) : null;
        const row = await evidenceRow(trx, ctx, data, now, {
          file: {
            kind: "document",
            summary: null,
            blobSha256: files[doc.lang].pdf,
            originalName: `${doc.number}-v${version}-${doc.lang}.pdf`,
          },
          ...(head ? { revision: Number(head.revision) + 1, supersedesId: head.id } : {}),
        });
        await insertEvidence(trx, ctx, row, head ? "evidence.revised" : "evidence.created", now);
        if (head) await moveLinks(trx, head.id, row.id, ctx.orgId, now);
        evidenceIds[doc.lang] = row.id;
      }
      const assessment = await trx
        .selectFrom("assessments")
        .select("id")
        .where("product_id", "=", productId)
        .where("org_id", "=", ctx.orgId)
        .executeTakeFirst();
      if (assessment)
        await linkToCriteria(trx, deps, ctx, productId, template.criteria, evidenceIds.ja as string);
      await trx
        .insertInto("document_versions")
        .values({
          id,
          org_id: ctx.orgId,
          product_id: productId,
          kind,
          version,
          number: ja.number,
          title: ja.title,
          inputs: JSON.stringify(facts),
          files: JSON.stringify(files),
          evidence_ids: JSON.stringify(evidenceIds),
          published_at: now.toISOString(),
          published_by: ctx.actor.id,
        })
        .execute();
      await appendAudit(
        trx,
        {
          orgId: ctx.orgId,
          actor: ctx.actor.id,
          action: "document.published",
          entityType: "document_version",
          entityId: id,
          data: { productId, kind, version, files, evidenceIds },
        },
        now,
      );
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("VERSION_CONFLICT", { current: version, sent: version - 1 });
    throw error;
  }
  return getDocumentVersion(deps, ctx, id);
}
