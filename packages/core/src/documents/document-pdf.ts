import type { PdfFonts } from "../pdf/font.ts";
import type { PdfBlock } from "../pdf/pdf-spec.ts";
import { renderPdfBuffer } from "../pdf/render-pdf.ts";
import type { RenderedDocument } from "./render.ts";

const plain = (pieces: { text: string }[]) => pieces.map((p) => p.text).join("");

/** A rendered document as PDF (A4, embedded Japanese font, page numbers), from the same structure as the HTML. */
export function renderDocumentPdf(
  doc: RenderedDocument,
  publishedAt: Date,
  fonts?: PdfFonts,
): Promise<Buffer> {
  const blocks: PdfBlock[] = [
    { kind: "title", text: doc.title },
    { kind: "keyValue", rows: doc.meta },
  ];
  for (const s of doc.sections) {
    blocks.push({ kind: "heading", text: `${s.number}. ${s.heading}`, level: 2 });
    for (const b of s.blocks) {
      if (b.type === "p") blocks.push({ kind: "paragraph", text: plain(b.text) });
      else for (const item of b.items) blocks.push({ kind: "paragraph", text: `・${plain(item)}` });
    }
  }
  return renderPdfBuffer(
    {
      meta: {
        title: `${doc.title} — ${doc.productName}`,
        author: doc.orgName,
        subject: `${doc.number} v${doc.version}`,
        lang: doc.lang === "ja" ? "ja-JP" : "en",
        createdAt: publishedAt,
      },
      blocks,
    },
    fonts,
  );
}
