import { createReadStream } from "node:fs";
import { canonicalJson } from "../audit/canonical-json.ts";
import { auditPublicKeys, checkpoint, latestCheckpoint } from "../audit/checkpoints.ts";
import { CHECKPOINT_ENTRY } from "../audit/external-checkpoint.ts";
import { buildChecklistWorkbook } from "../checklist/build-workbook.ts";
import { formData, formDocuments } from "../forms/form-documents.ts";
import { renderPdfBuffer } from "../pdf/render-pdf.ts";
import { renderAssessmentReport } from "../report/assessment-report.ts";
import { blobPath } from "../vault/blob-store.ts";
import { sanitizeFileName } from "../vault/upload.ts";
import type { PackageEntry, PackageInput, PackagePart } from "./package-entry.ts";

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/** The signed snapshot exactly as stored (its SHA-256 is the sign-off's hash) and who signed it. */
const signoffPart: PackagePart = {
  id: "signoff",
  build: async ({ signed }) => {
    const { snapshot, ...signoff } = signed;
    return [
      {
        path: "signoff/snapshot.json",
        mediaType: "application/json",
        // The canonical JSON the hash was computed over.
        content: Buffer.from(canonicalJson(snapshot)),
        compress: true,
      },
      { path: "signoff/signoff.json", mediaType: "application/json", content: json(signoff), compress: true },
    ];
  },
};

/** The PDF self-assessment report in the package's language. */
const reportPart: PackagePart = {
  id: "report",
  build: async ({ signed, lang, fonts }) => [
    {
      path: `report/self-assessment-report.${lang}.pdf`,
      mediaType: "application/pdf",
      content: await renderAssessmentReport(signed, lang, fonts),
      compress: true,
    },
  ],
};

/** Application form, form 2-1 and (with a proxy) form 2-3: data as JSON, printable as HTML and PDF. */
const formsPart: PackagePart = {
  id: "forms",
  build: async ({ form, lang, fonts, createdAt }) => {
    const entries: PackageEntry[] = [
      {
        path: "forms/application-form.json",
        mediaType: "application/json",
        content: json(formData(form)),
        compress: true,
      },
    ];
    for (const doc of formDocuments(form, lang, createdAt)) {
      entries.push({
        path: `forms/${doc.name}.html`,
        mediaType: "text/html",
        content: Buffer.from(doc.html),
        compress: true,
      });
      entries.push({
        path: `forms/${doc.name}.pdf`,
        mediaType: "application/pdf",
        content: await renderPdfBuffer(doc.pdf, fonts),
        compress: true,
      });
    }
    return entries;
  },
};

/**
 * The files of the evidence the snapshot references: documents (generated policies and other document
 * evidence) under documents/, everything else under evidence/. Stored, not deflated (mostly compressed media),
 * streamed from the vault and re-hashed on the way.
 */
const filesPart: PackagePart = {
  id: "evidence-files",
  build: async ({ deps, signed }) => {
    const seen = new Set<string>();
    const entries: PackageEntry[] = [];
    for (const e of signed.snapshot.criteria.flatMap((c) => c.evidence)) {
      if (!e.file || seen.has(e.file.sha256)) continue;
      const file = e.file;
      seen.add(file.sha256);
      const name = sanitizeFileName(file.originalName) ?? "file";
      entries.push({
        path: `${e.type === "document" ? "documents" : "evidence"}/${file.sha256}/${name}`,
        mediaType: file.mediaType,
        file: {
          sha256: file.sha256,
          size: file.size,
          // 1 MiB reads: fewer chunks through yazl's four stream stages than the default 64 KiB.
          open: () => createReadStream(blobPath(deps.blobs, file.sha256), { highWaterMark: 1024 * 1024 }),
        },
        compress: false,
      });
    }
    return entries;
  },
};

/** A part made of one generated file (small, built in memory): `generatedPart(id, path, mediaType, build)`. */
export function generatedPart(
  id: string,
  path: string,
  mediaType: string,
  build: (input: PackageInput) => Promise<Buffer | Uint8Array>,
): PackagePart {
  return {
    id,
    build: async (input) => [{ path, mediaType, content: Buffer.from(await build(input)), compress: true }],
  };
}

const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The checklist workbook (適合基準チェックリスト) of the signed snapshot, in Japanese. */
const checklistPart = generatedPart("checklist", "checklist/checklist.xlsx", XLSX_MEDIA_TYPE, async (i) =>
  buildChecklistWorkbook(i.signed.snapshot, i.deps.catalog),
);

/**
 * The newest signed audit checkpoint of the instance and its public key: keep the package, and
 * `jcstar evidence verify --checkpoint package.zip` later shows whether the audit log was rolled back behind it.
 */
const auditPart: PackagePart = {
  id: "audit-checkpoint",
  build: async ({ deps }) => {
    if (deps.signer) await checkpoint(deps.db, deps.signer, deps.now());
    const signed = await latestCheckpoint(deps.db);
    if (!signed) return [];
    const key = (await auditPublicKeys(deps.db)).find((k) => k.keyId === signed.keyId);
    return [
      { path: CHECKPOINT_ENTRY, mediaType: "application/json", content: json(signed), compress: true },
      ...(key
        ? [
            {
              path: "audit/public-key.pem",
              mediaType: "application/x-pem-file",
              content: Buffer.from(key.publicKeyPem),
              compress: true,
            },
          ]
        : []),
    ];
  },
};

/** Every part of the application package, in order. Add a part here (one line) to put more in the ZIP. */
export const PACKAGE_PARTS: PackagePart[] = [
  signoffPart,
  reportPart,
  formsPart,
  checklistPart,
  filesPart,
  auditPart,
];
