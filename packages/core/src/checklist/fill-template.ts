import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Catalog } from "../catalog/load-catalog.ts";
import { AppError } from "../errors/app-error.ts";
import { type ChecklistInput, checklistLayout, checklistRowValues } from "./checklist-input.ts";
import {
  columnNumber,
  escapeXml,
  readCells,
  readSharedStrings,
  type SheetCell,
  workbookSheets,
} from "./sheet-xml.ts";
import { readZipParts, writeZipParts } from "./xlsx-zip.ts";

/** A column: letters ("F") or the text its header starts with ("評価結果"). */
const columnSpec = z.string().trim().min(1).max(200);
export const templateMappingSchema = z
  .object({
    /** The worksheet to fill; null = the first one where the id column and ids are found. */
    sheet: z.string().min(1).max(31).nullable().default(null),
    headerSearchRows: z.number().int().min(1).max(200).default(30),
    id: columnSpec,
    columns: z
      .object({
        result: columnSpec.optional(),
        naReason: columnSpec.optional(),
        documentEvidence: columnSpec.optional(),
        deviceEvidence: columnSpec.optional(),
      })
      .strict(),
  })
  .strict();
export type TemplateMapping = z.output<typeof templateMappingSchema>;

/** The mapping for the official checklist template (data: template-mapping.json). */
export function defaultTemplateMapping(): TemplateMapping {
  return templateMappingSchema.parse(
    JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "template-mapping.json"), "utf8")),
  );
}

export type FillReport = {
  sheet: string;
  rows: Array<{ id: string; row: number }>;
  /** Cells written, as A1 references. */
  cells: string[];
};

const normal = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");
const isLetters = (s: string) => /^[A-Z]{1,3}$/.test(s);

function resolveColumn(spec: string, cells: SheetCell[], searchRows: number): number | null {
  if (isLetters(spec)) return columnNumber(spec);
  const want = normal(spec);
  const hit = cells.find((c) => c.row <= searchRows && c.text !== null && normal(c.text).startsWith(want));
  return hit ? hit.col : null;
}

function columnLetters(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const invalid = (reason: string) => new AppError("INVALID_WORKBOOK", { reason });

/**
 * Fills the official checklist workbook: finds each criterion's row by its id and writes the result, N/A reason and
 * evidence into the mapped columns. Only those cells change: the worksheet XML is edited in place (values as inline
 * strings, the cell's style kept), every other part of the package is written back unchanged. Missing or
 * duplicated ids → CHECKLIST_IDS_MISMATCH and nothing is written; a target cell holding a formula is refused.
 */
export async function fillChecklistTemplate(
  input: ChecklistInput,
  catalog: Pick<Catalog, "has" | "get">,
  template: Buffer,
  mapping: TemplateMapping = defaultTemplateMapping(),
): Promise<{ xlsx: Buffer; report: FillReport }> {
  const parts = await readZipParts(template);
  const part = (name: string) => parts.find((p) => p.name === name);
  const workbook = part("xl/workbook.xml");
  const rels = part("xl/_rels/workbook.xml.rels");
  if (!workbook || !rels) throw invalid("xl/workbook.xml missing");
  const sharedPart = parts.find((p) => /^xl\/sharedStrings\.xml$/i.test(p.name));
  const shared = readSharedStrings(sharedPart ? sharedPart.data.toString("utf8") : null);
  let sheets = workbookSheets(workbook.data.toString("utf8"), rels.data.toString("utf8"));
  if (mapping.sheet) sheets = sheets.filter((s) => s.name === mapping.sheet);
  if (sheets.length === 0) throw invalid(`sheet ${mapping.sheet ?? ""} not found`);

  const wanted = new Set(input.criteria.map((c) => c.id));
  for (const sheet of sheets) {
    const sheetPart = part(sheet.path);
    if (!sheetPart) continue;
    const xml = sheetPart.data.toString("utf8");
    const cells = readCells(xml, shared);
    const idCol = resolveColumn(mapping.id, cells, mapping.headerSearchRows);
    if (idCol === null) continue;
    const found = new Map<string, number[]>();
    for (const c of cells) {
      if (c.col !== idCol || c.text === null) continue;
      const id = normal(c.text);
      if (wanted.has(id)) found.set(id, [...(found.get(id) ?? []), c.row]);
    }
    if (found.size === 0) continue;
    const missing = [...wanted].filter((id) => !found.has(id));
    const duplicated = [...found].filter(([, rows]) => rows.length > 1).map(([id]) => id);
    if (missing.length > 0 || duplicated.length > 0) {
      throw new AppError(
        "CHECKLIST_IDS_MISMATCH",
        { missing: missing.join(", ") || "-", duplicated: duplicated.join(", ") || "-" },
        [
          ...missing.map((id) => ({
            path: `missing.${id}`,
            message: { ja: `${id} の行がありません。`, en: `No row for ${id}.` },
          })),
          ...duplicated.map((id) => ({
            path: `duplicated.${id}`,
            message: {
              ja: `${id} の行が複数あります（${found.get(id)?.join(", ")} 行目）。`,
              en: `${id} appears in several rows (${found.get(id)?.join(", ")}).`,
            },
          })),
        ],
      );
    }
    const targets: Array<[key: string, col: number]> = [];
    for (const [key, spec] of Object.entries(mapping.columns)) {
      if (!spec) continue;
      const col = resolveColumn(spec, cells, mapping.headerSearchRows);
      if (col === null) throw invalid(`column "${spec}" not found in sheet ${sheet.name}`);
      targets.push([key, col]);
    }
    const categories = catalog.has(input.catalog.version)
      ? new Map(catalog.get(input.catalog.version).categories.map((c) => [c.id, c.name.ja]))
      : new Map<string, string>();
    const layout = checklistLayout();
    const byRef = new Map(cells.map((c) => [c.ref, c]));
    const replacements: Array<{ start: number; end: number; text: string }> = [];
    const inserts = new Map<number, Array<{ col: number; text: string }>>();
    const written: string[] = [];
    const report: FillReport = { sheet: sheet.name, rows: [], cells: written };
    for (const criterion of input.criteria) {
      const row = found.get(criterion.id)?.[0] as number;
      report.rows.push({ id: criterion.id, row });
      const values = checklistRowValues(
        criterion,
        categories.get(criterion.category) ?? criterion.category,
        layout,
      );
      for (const [key, col] of targets) {
        const ref = `${columnLetters(col)}${row}`;
        const value = values[key] ?? "";
        const existing = byRef.get(ref);
        if (existing?.hasFormula) throw invalid(`cell ${sheet.name}!${ref} holds a formula`);
        const style = existing?.style ? ` s="${existing.style}"` : "";
        if (!value && !existing?.text) continue;
        const text = value
          ? `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`
          : `<c r="${ref}"${style}/>`;
        written.push(ref);
        if (existing) replacements.push({ start: existing.start, end: existing.end, text });
        else {
          const at = insertionPoint(xml, cells, row, col);
          inserts.set(at, [...(inserts.get(at) ?? []), { col, text }]);
        }
      }
    }
    const edits = [
      ...replacements,
      ...[...inserts].map(([at, list]) => ({
        start: at,
        end: at,
        text: list
          .sort((a, b) => a.col - b.col)
          .map((i) => i.text)
          .join(""),
      })),
    ].sort((a, b) => b.start - a.start || b.end - b.start - (a.end - a.start));
    let out = xml;
    for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    sheetPart.data = Buffer.from(out, "utf8");
    return { xlsx: await writeZipParts(parts), report };
  }
  throw invalid(`no sheet has the id column "${mapping.id}" with criterion ids`);
}

/** Where a new cell goes: before the first cell of the row with a higher column, else before `</row>`. */
function insertionPoint(xml: string, cells: SheetCell[], row: number, col: number): number {
  const after = cells.find((c) => c.row === row && c.col > col);
  if (after) return after.start;
  const open = new RegExp(`<row\\b[^>]*?\\br="${row}"[^>]*?(/?)>`).exec(xml);
  if (!open || open[1] === "/") throw invalid(`row ${row} cannot take new cells`);
  const close = xml.indexOf("</row>", open.index);
  if (close < 0) throw invalid(`row ${row} is not closed`);
  return close;
}
