import { METHOD_LABELS } from "../catalog/method-labels.ts";
import { applicationFormDefinition } from "../forms/form-definition.ts";
import { formatDate, formatTimestamp } from "../i18n/datetime.ts";
import type { Lang } from "../i18n/text.ts";
import { format } from "../i18n/text.ts";
import type { PdfFonts } from "../pdf/font.ts";
import type { PdfBlock, PdfSpec } from "../pdf/pdf-spec.ts";
import { renderPdfBuffer } from "../pdf/render-pdf.ts";
import type { SignedSnapshot } from "../signoff/signoff.ts";
import type { SnapshotEvidence } from "../signoff/snapshot.ts";
import { REPORT_LABELS, ROUTE_LABELS, STATE_LABELS } from "./report-labels.ts";

/** The self-assessment report of a signed snapshot, as a PDF description (Japanese by default). */
export function assessmentReportSpec(signed: SignedSnapshot, lang: Lang = "ja"): PdfSpec {
  const L = REPORT_LABELS[lang];
  const s = signed.snapshot;
  const catalogName = `${s.catalog.title[lang]} (${s.catalog.version})`;
  const blocks: PdfBlock[] = [
    { kind: "title", text: L.title },
    { kind: "paragraph", text: format(L.subtitle, { level: s.catalog.level }), muted: true },
    { kind: "heading", text: L.cover },
    {
      kind: "keyValue",
      rows: [
        [L.maker, s.organisation.name],
        [L.corporateNumber, s.organisation.corporateNumber ?? L.none],
        [L.product, s.product.name],
        [L.modelNumbers, s.product.modelNumbers.join(", ") || L.none],
        [
          L.category,
          applicationFormDefinition().categories[s.product.category]?.[lang] ?? s.product.category,
        ],
        [L.catalog, catalogName],
        [L.route, ROUTE_LABELS[lang][s.route]],
        [L.signer, `${signed.signerName}（${signed.signerTitle}）`],
        [L.signedAt, formatTimestamp(signed.signedAt, lang)],
        [L.snapshotHash, signed.snapshotSha256],
      ],
    },
    { kind: "paragraph", text: format(L.declaration, { catalog: catalogName }) },
    { kind: "heading", text: L.productSection, level: 2 },
    {
      kind: "keyValue",
      rows: [
        [L.description, s.product.description ?? L.none],
        [L.connectivity, s.product.connectivity.interfaces.join(", ") || L.none],
        [L.supportEnd, s.product.supportEndDate ? formatDate(s.product.supportEndDate, lang) : L.none],
      ],
    },
    { kind: "heading", text: L.readinessSection, level: 2 },
    { kind: "paragraph", text: s.readiness.ready ? L.ready : L.notReady },
    { kind: "paragraph", text: format(L.counts, s.readiness.counts), muted: true },
    ...(s.readiness.blockers.length
      ? [
          {
            kind: "table" as const,
            columns: [
              { header: L.criteria, width: 1 },
              { header: L.blockers, width: 4 },
            ],
            rows: s.readiness.blockers.map((b) => [b.criterionId, b.message[lang]]),
          },
        ]
      : []),
    { kind: "pageBreak" },
    { kind: "heading", text: L.criteriaSection },
  ];

  for (const c of s.criteria) {
    blocks.push({ kind: "heading", text: `${c.id}  ${c.title[lang]}`, level: 2 });
    const rows: [string, string][] = [
      [L.requirement, c.summary[lang]],
      [L.method, METHOD_LABELS[lang][c.method]],
      [L.result, STATE_LABELS[lang][c.state] + (c.deemedMet ? ` / ${L.deemedMet}` : "")],
    ];
    if (c.naReason) rows.push([L.naReason, c.naReason]);
    if (c.notes) rows.push([L.notes, c.notes]);
    blocks.push({ kind: "keyValue", rows });
    if (c.evidence.length === 0) {
      blocks.push({ kind: "paragraph", text: `${L.evidence}: ${L.noEvidence}`, muted: true });
    } else {
      blocks.push({
        kind: "table",
        columns: [
          { header: L.evidenceType, width: 1 },
          { header: L.evidenceRef, width: 3.2 },
          { header: L.fileHash, width: 2.6 },
        ],
        rows: c.evidence.map((e) => [
          e.document ? L.document : L.deviceTest,
          evidenceReference(e),
          e.file?.sha256 ?? L.none,
        ]),
      });
    }
  }

  blocks.push({ kind: "heading", text: L.deviceTestsSection });
  blocks.push(
    s.deviceTests.length
      ? {
          kind: "table",
          columns: [
            { header: L.record, width: 2 },
            { header: L.summary, width: 2.4 },
            { header: L.testedOn, width: 1.1 },
            { header: L.tester, width: 1 },
            { header: L.verdict, width: 0.9 },
            { header: L.criteria, width: 1.6 },
          ],
          rows: s.deviceTests.map((d) => [
            d.recordName,
            d.resultSummary,
            formatDate(d.testedOn, lang),
            d.tester,
            d.verdict ?? L.none,
            d.criteria.join(", "),
          ]),
        }
      : { kind: "paragraph", text: L.noDeviceTests },
  );

  return {
    meta: {
      title: `${L.title} — ${s.product.name}`,
      author: s.organisation.name,
      subject: catalogName,
      keywords: `JC-STAR, ${s.catalog.version}, ${s.product.modelNumbers.join(", ")}`,
      lang: lang === "ja" ? "ja-JP" : "en",
      createdAt: new Date(signed.signedAt),
    },
    blocks,
  };
}

/** Document name, number, version and section, or record name and result summary, on one line. */
export function evidenceReference(e: SnapshotEvidence): string {
  if (e.document) {
    const d = e.document;
    return [d.documentName, d.documentNumber, d.documentVersion && `v${d.documentVersion}`, d.location, d.url]
      .filter(Boolean)
      .join(" / ");
  }
  const t = e.deviceTest;
  return t ? [t.recordName, t.resultSummary, t.testedOn, t.tester].filter(Boolean).join(" / ") : e.title;
}

/** The report as a PDF file. */
export function renderAssessmentReport(
  signed: SignedSnapshot,
  lang: Lang = "ja",
  fonts?: PdfFonts,
): Promise<Buffer> {
  return renderPdfBuffer(assessmentReportSpec(signed, lang), fonts);
}
