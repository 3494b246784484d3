import type PDFDocument from "pdfkit";
import type { PdfTableColumn } from "./pdf-spec.ts";

type Doc = InstanceType<typeof PDFDocument>;

/** Longest text drawn in one cell: a cell never runs over a page. */
const MAX_CELL_CHARS = 1200;
const PAD = 4;

/**
 * Draws a bordered table at the current position; rows that do not fit go to a new page,
 * which repeats the header row. Fonts: "regular" and "bold" must be registered.
 */
export function drawTable(
  doc: Doc,
  columns: readonly PdfTableColumn[],
  rows: readonly (readonly string[])[],
  options: { size: number; header: boolean },
): void {
  const left = doc.page.margins.left;
  const textWidth = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const total = columns.reduce((sum, c) => sum + c.width, 0) || 1;
  const widths = columns.map((c) => (c.width / total) * textWidth);
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  const rowHeight = (cells: readonly string[], font: string) => {
    doc.font(font).fontSize(options.size);
    return (
      Math.max(
        ...cells.map((text, i) =>
          doc.heightOfString(clip(text), { width: (widths[i] ?? 0) - 2 * PAD, lineGap: 1 }),
        ),
        options.size,
      ) +
      2 * PAD
    );
  };

  const drawRow = (cells: readonly string[], font: string, shade: boolean) => {
    const height = rowHeight(cells, font);
    if (doc.y + height > bottom()) {
      doc.addPage();
      if (options.header && !shade)
        drawRow(
          columns.map((c) => c.header),
          "bold",
          true,
        );
    }
    const top = doc.y;
    let x = left;
    cells.forEach((text, i) => {
      const w = widths[i] ?? 0;
      if (shade) doc.save().rect(x, top, w, height).fill("#eeeeee").restore();
      doc.lineWidth(0.5).rect(x, top, w, height).stroke("#888888");
      doc
        .fillColor("#000000")
        .font(font)
        .fontSize(options.size)
        .text(clip(text), x + PAD, top + PAD, { width: w - 2 * PAD, lineGap: 1 });
      x += w;
    });
    doc.x = left;
    doc.y = top + height;
  };

  if (options.header)
    drawRow(
      columns.map((c) => c.header),
      "bold",
      true,
    );
  for (const row of rows)
    drawRow(
      columns.map((_, i) => row[i] ?? ""),
      "regular",
      false,
    );
  doc.moveDown(0.5);
}

function clip(text: string): string {
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
}
