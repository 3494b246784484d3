import { createRequire } from "node:module";
import { PassThrough, type Readable } from "node:stream";
import type PDFDocument from "pdfkit";
import { type PdfFonts, resolvePdfFonts } from "./font.ts";
import { fontSource } from "./font-cache.ts";
import type { PdfBlock, PdfSpec } from "./pdf-spec.ts";
import { drawTable } from "./pdf-table.ts";

type Doc = InstanceType<typeof PDFDocument>;

const HEADING_SIZES = { 1: 16, 2: 13, 3: 11 } as const;

/**
 * Writes a PDF (A4, embedded and subsetted Japanese font, page numbers, metadata) from its description.
 * Returns the PDF as a stream; see `renderPdfBuffer` for the whole file.
 */
export function renderPdf(spec: PdfSpec, fonts: PdfFonts = resolvePdfFonts()): Readable {
  // pdfkit (and fontkit) load with the first PDF, not with every command that imports @jcstar/core.
  const PdfDocument = createRequire(import.meta.url)("pdfkit") as typeof PDFDocument;
  const doc = new PdfDocument({
    size: "A4",
    margins: { top: 56, bottom: 56, left: 50, right: 50 },
    bufferPages: true,
    autoFirstPage: true,
    lang: spec.meta.lang,
    displayTitle: true,
    // Our face from the start, so that pdfkit does not load its default Helvetica metrics for nothing.
    font: fontSource(fonts.regular) as unknown as string,
    info: {
      Title: spec.meta.title,
      Author: spec.meta.author ?? "",
      Subject: spec.meta.subject ?? "",
      Keywords: spec.meta.keywords ?? "",
      Creator: "jcstar",
      Producer: "jcstar (pdfkit)",
      CreationDate: spec.meta.createdAt,
      ModDate: spec.meta.createdAt,
    },
  });
  const out = new PassThrough();
  doc.pipe(out);
  doc.registerFont("regular", fontSource(fonts.regular));
  doc.registerFont("bold", fontSource(fonts.bold));
  doc.font("regular");
  try {
    for (const block of spec.blocks) drawBlock(doc, block);
    numberPages(doc, spec.pageNumberFormat ?? "{page} / {pages}");
    doc.end();
  } catch (error) {
    out.destroy(error as Error);
  }
  return out;
}

/** The whole PDF in memory (reports are small; evidence files are never drawn into a PDF). */
export async function renderPdfBuffer(spec: PdfSpec, fonts?: PdfFonts): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of renderPdf(spec, fonts)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function drawBlock(doc: Doc, block: PdfBlock): void {
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  doc.x = doc.page.margins.left;
  switch (block.kind) {
    case "title":
      doc.font("bold").fontSize(20).fillColor("#000000").text(block.text, { width, align: "center" });
      doc.moveDown(1);
      return;
    case "heading": {
      const size = HEADING_SIZES[block.level ?? 1];
      if (doc.y + size * 4 > doc.page.height - doc.page.margins.bottom) doc.addPage();
      doc.moveDown(0.4);
      doc.font("bold").fontSize(size).fillColor("#000000").text(block.text, { width });
      doc.moveDown(0.3);
      return;
    }
    case "paragraph":
      doc
        .font("regular")
        .fontSize(block.size ?? 10)
        .fillColor(block.muted ? "#555555" : "#000000")
        .text(block.text, { width, lineGap: 2 });
      doc.fillColor("#000000").moveDown(0.4);
      return;
    case "table":
      drawTable(doc, block.columns, block.rows, { size: block.size ?? 8.5, header: true });
      return;
    case "keyValue":
      drawTable(
        doc,
        [
          { header: "", width: 1 },
          { header: "", width: 2.6 },
        ],
        block.rows,
        { size: block.size ?? 9.5, header: false },
      );
      return;
    case "spacer":
      doc.y += block.height ?? 12;
      return;
    case "pageBreak":
      doc.addPage();
      return;
  }
}

/** Writes "page / pages" in the footer of every buffered page. */
function numberPages(doc: Doc, template: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const text = template.replace("{page}", String(i + 1)).replace("{pages}", String(range.count));
    const { margins } = doc.page;
    const bottomMargin = margins.bottom;
    // Writing inside the bottom margin must not add a page.
    doc.page.margins.bottom = 0;
    doc
      .font("regular")
      .fontSize(8)
      .fillColor("#555555")
      .text(text, margins.left, doc.page.height - bottomMargin / 2 - 4, {
        width: doc.page.width - margins.left - margins.right,
        align: "center",
        lineBreak: false,
      });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.fillColor("#000000");
}
