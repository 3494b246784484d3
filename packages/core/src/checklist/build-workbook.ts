import type { Catalog } from "../catalog/load-catalog.ts";
import { formatTimestamp } from "../i18n/datetime.ts";
import { type ChecklistInput, checklistLayout, checklistRowValues } from "./checklist-input.ts";

/** Lines a text takes in a column of `width` characters (full-width characters count twice). */
function wrappedLines(text: string, width: number): number {
  return text.split("\n").reduce((sum, line) => {
    let units = 0;
    for (const ch of line) units += (ch.codePointAt(0) ?? 0) < 0x100 ? 1 : 2;
    return sum + Math.max(1, Math.ceil(units / Math.max(1, width - 1)));
  }, 0);
}

/**
 * The checklist workbook (xlsx, Japanese): a header with the organisation and product, then one row per criterion —
 * id, category, requirement summary, method, result (適合 / 要件充足不要), N/A reason, document references and
 * device-test records. Columns, labels and wording come from checklist-layout.json.
 * Give it an `AssessmentSnapshot` (signed) or one built from live data.
 */
export async function buildChecklistWorkbook(input: ChecklistInput, catalog: Pick<Catalog, "has" | "get">) {
  const l = checklistLayout();
  const categories = catalog.has(input.catalog.version)
    ? new Map(catalog.get(input.catalog.version).categories.map((c) => [c.id, c.name.ja]))
    : new Map<string, string>();
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.creator = "jcstar";
  wb.created = new Date(input.takenAt);
  wb.modified = new Date(input.takenAt);
  const ws = wb.addWorksheet(l.sheetName, {
    pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = l.columns.map((c) => ({ key: c.key, width: c.width }));
  const font = { name: "Noto Sans CJK JP" };
  ws.addRow([l.title]).font = { ...font, size: 14, bold: true };
  const meta: Record<string, string> = {
    organisation: input.organisation.name,
    corporateNumber: input.organisation.corporateNumber ?? "",
    product: input.product.name,
    modelNumbers: input.product.modelNumbers.join("、"),
    catalog: input.catalog.title.ja,
    route: l.routes[input.route] ?? input.route,
    takenAt: formatTimestamp(input.takenAt, "ja"),
  };
  // A label may be wider than the first column (チェックリスト版): it spans the first two, its value starts in the third,
  // so LibreOffice and Excel never draw one over the other.
  for (const m of l.meta) {
    const row = ws.addRow([m.label, "", meta[m.key] ?? ""]);
    row.font = font;
    row.getCell(1).font = { ...font, bold: true };
    ws.mergeCells(row.number, 1, row.number, 2);
  }
  ws.addRow([]);
  const header = ws.addRow(l.columns.map((c) => c.header));
  header.font = { ...font, bold: true };
  header.alignment = { wrapText: true, vertical: "middle" };
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDE6F0" } };
    cell.border = { bottom: { style: "thin" } };
  });
  const first = header.number + 1;
  ws.views = [{ state: "frozen", ySplit: header.number, xSplit: 1 }];
  for (const c of input.criteria) {
    const values = checklistRowValues(c, categories.get(c.category) ?? c.category, l);
    const row = ws.addRow(l.columns.map((col) => values[col.key] ?? ""));
    row.font = font;
    row.alignment = { wrapText: true, vertical: "top" };
    // Readers do not all grow rows to fit wrapped text: set the height from the longest cell.
    const lines = Math.max(1, ...l.columns.map((col) => wrappedLines(values[col.key] ?? "", col.width)));
    row.height = Math.min(409, lines * 15 + 4);
  }
  const resultColumn = l.columns.findIndex((c) => c.key === "result") + 1;
  if (resultColumn > 0) {
    for (let r = first; r < first + input.criteria.length; r += 1) {
      ws.getCell(r, resultColumn).dataValidation = {
        type: "list",
        allowBlank: true,
        formulae: [`"${[...l.resultChoices, l.deemedMet].join(",")}"`],
      };
    }
  }
  ws.autoFilter = {
    from: { row: header.number, column: 1 },
    to: { row: header.number, column: l.columns.length },
  };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
