import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/load-catalog.ts";
import { buildChecklistWorkbook } from "./build-workbook.ts";
import { type ChecklistInput, checklistRowValues } from "./checklist-input.ts";
import { defaultTemplateMapping, fillChecklistTemplate } from "./fill-template.ts";
import { haveLibreOffice, workbookText } from "./libreoffice.test-helper.ts";
import { makeLibreOfficeTemplate } from "./lo-template.test-helper.ts";
import { readCells, readSharedStrings } from "./sheet-xml.ts";
import { readZipParts } from "./xlsx-zip.ts";

const catalog = loadCatalog();
const version = catalog.get("star1-2025.05.05");
const IDS = version.criteria.map((c) => c.id);

const input: ChecklistInput = {
  takenAt: "2026-11-26T00:00:00Z",
  organisation: { name: "株式会社テンプレ", corporateNumber: null },
  product: { name: "カメラ", modelNumbers: ["CAM-1"] },
  catalog: { version: version.version, title: version.title },
  route: "standard",
  criteria: version.criteria.map((c) => ({
    id: c.id,
    category: c.category,
    title: c.title,
    summary: c.summary,
    method: c.method,
    state: c.id === "S1.1-15" ? "not_applicable" : "conformant",
    naReason: c.id === "S1.1-15" ? "利用者データを保持しない & <保存なし>" : null,
    deemedMet: false,
    evidence: [
      ...(c.method !== "device"
        ? [
            {
              type: "document" as const,
              document: {
                documentName: "設計書",
                documentNumber: "SD-100",
                documentVersion: "1.2",
                location: `第4章 (${c.id})`,
                url: null,
              },
              deviceTest: null,
            },
          ]
        : []),
      ...(c.method !== "document"
        ? [
            {
              type: "device_test" as const,
              document: null,
              deviceTest: { recordName: "probe-run.json", resultSummary: "PASS", testedOn: "2026-11-20" },
            },
          ]
        : []),
    ],
  })),
};

/** The sheet XML with every cell element removed: what must not change. */
const withoutCells = (xml: string) => xml.replace(/<c(?=[\s>/])([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g, "");

async function sheetCells(xlsx: Buffer, path: string) {
  const parts = await readZipParts(xlsx);
  const shared = readSharedStrings(
    parts.find((p) => p.name === "xl/sharedStrings.xml")?.data.toString() ?? null,
  );
  const xml = parts.find((p) => p.name === path)?.data.toString() ?? "";
  return { xml, cells: new Map(readCells(xml, shared).map((c) => [c.ref, c])) };
}

describe("filling the official checklist template", () => {
  let template: Buffer;
  beforeAll(() => {
    if (haveLibreOffice()) template = makeLibreOfficeTemplate(IDS);
  }, 180_000);

  it("writes only the target cells; every other part stays byte-identical; LibreOffice and exceljs read it", async () => {
    if (!template) return;
    const { xlsx, report } = await fillChecklistTemplate(input, catalog, template, defaultTemplateMapping());
    expect(report.sheet).toBe("チェックリスト");
    expect(report.rows[0]).toEqual({ id: "S1.1-01", row: 3 });

    const before = await readZipParts(template);
    const after = await readZipParts(xlsx);
    expect(after.map((p) => p.name)).toEqual(before.map((p) => p.name));
    const sheetPath = "xl/worksheets/sheet2.xml";
    for (const p of before) {
      const q = after.find((x) => x.name === p.name);
      if (p.name === sheetPath) expect(q?.data.equals(p.data)).toBe(false);
      else expect(q?.data.equals(p.data), p.name).toBe(true);
    }
    const old = await sheetCells(template, sheetPath);
    const now = await sheetCells(xlsx, sheetPath);
    expect(withoutCells(now.xml)).toBe(withoutCells(old.xml));
    const changed = [...new Set([...old.cells.keys(), ...now.cells.keys()])].filter((ref) => {
      const a = old.cells.get(ref);
      const b = now.cells.get(ref);
      return a?.text !== b?.text || a?.style !== b?.style || a?.hasFormula !== b?.hasFormula;
    });
    const expected = IDS.flatMap((id, i) => {
      const row = i + 3;
      const c = input.criteria[i];
      return [
        `D${row}`,
        ...(id === "S1.1-15" ? [`E${row}`] : []),
        ...(c?.method !== "device" ? [`F${row}`] : []),
        ...(c?.method !== "document" ? [`G${row}`] : []),
      ];
    });
    expect(changed.sort()).toEqual([...expected].sort());
    expect(report.cells.sort()).toEqual([...expected].sort());
    // Styles of the written cells are the template's.
    expect(now.cells.get("D3")?.style).toBe(old.cells.get("D3")?.style);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("チェックリスト");
    expect(ws?.getCell("D3").text).toBe("適合");
    expect(ws?.getCell("E17").text).toBe("利用者データを保持しない & <保存なし>");
    expect(ws?.getCell("F3").text).toBe("設計書（文書番号 SD-100、版数 1.2） 第4章 (S1.1-01)");
    expect(ws?.getCell("G6").text).toBe("probe-run.json: PASS（2026-11-20）");
    expect(ws?.getCell("H3").formula).toBe("LEN(B3)");
    expect(wb.definedNames.getRanges("評価結果欄").ranges[0]).toContain("$D$3:$D$18");

    const text = workbookText(xlsx).replace(/\s+/g, "");
    expect(text).toContain("要件充足不要");
    expect(text).toContain("SD-100");
    expect(text).toContain("probe-run.json:");
    expect(text).toContain("PASS（2026-11");
    for (const id of IDS) expect(text).toContain(id);
  }, 240_000);

  it("reports missing and duplicated ids and writes nothing", async () => {
    if (!haveLibreOffice()) return;
    const broken = makeLibreOfficeTemplate([...IDS.filter((id) => id !== "S1.1-07"), "S1.1-03"]);
    const error = await fillChecklistTemplate(input, catalog, broken).catch((e) => e);
    expect(error.code).toBe("CHECKLIST_IDS_MISMATCH");
    expect(error.params).toEqual({ missing: "S1.1-07", duplicated: "S1.1-03" });
    expect(error.details.map((d: { path: string }) => d.path)).toEqual([
      "missing.S1.1-07",
      "duplicated.S1.1-03",
    ]);
  }, 180_000);

  it("takes column letters, adds cells that are not there yet, and refuses to overwrite a formula", async () => {
    if (!template) return;
    const { xlsx } = await fillChecklistTemplate(input, catalog, template, {
      sheet: "チェックリスト",
      headerSearchRows: 5,
      id: "B",
      columns: { result: "J", naReason: "I" },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("チェックリスト");
    expect(ws?.getCell("J3").text).toBe("適合");
    expect(ws?.getCell("I17").text).toContain("利用者データを保持しない");
    expect(ws?.getCell("H3").formula).toBe("LEN(B3)");
    const refused = await fillChecklistTemplate(input, catalog, template, {
      sheet: null,
      headerSearchRows: 5,
      id: "B",
      columns: { result: "H" },
    }).catch((e) => e);
    expect(refused.code).toBe("INVALID_WORKBOOK");
    await expect(fillChecklistTemplate(input, catalog, Buffer.from("not a zip"))).rejects.toMatchObject({
      code: "INVALID_WORKBOOK",
    });
  });

  it("fills a workbook written by exceljs too (jcstar's own checklist is a valid template)", async () => {
    const own = await buildChecklistWorkbook(input, catalog);
    const changed: ChecklistInput = {
      ...input,
      criteria: input.criteria.map((c) =>
        c.id === "S1.1-15" ? { ...c, state: "conformant", naReason: null } : c,
      ),
    };
    const { xlsx, report } = await fillChecklistTemplate(changed, catalog, own);
    expect(report.sheet).toBe("チェックリスト");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const row = report.rows.find((r) => r.id === "S1.1-15")?.row ?? 0;
    const ws = wb.getWorksheet("チェックリスト");
    expect(ws?.getRow(row).getCell(6).text).toBe("適合");
    expect(ws?.getRow(row).getCell(7).text).toBe("");
    const before = await readZipParts(own);
    const after = await readZipParts(xlsx);
    const changedParts = after
      .filter((p, i) => !p.data.equals(before[i]?.data ?? Buffer.alloc(0)))
      .map((p) => p.name);
    expect(changedParts).toEqual(["xl/worksheets/sheet1.xml"]);
  });
});

describe("checklist row values", () => {
  it("marks criteria deemed met on the PSTI route and prints the N/A reason only for N/A", () => {
    const c = input.criteria.find((x) => x.id === "S1.1-05");
    if (!c) throw new Error("no S1.1-05");
    const deemed = checklistRowValues(
      { ...c, state: "not_assessed", deemedMet: true, evidence: [] },
      "ソフトウェア更新",
    );
    expect(deemed.result).toBe("適合（PSTI 相互承認によるみなし適合）");
    const conformant = checklistRowValues({ ...c, naReason: "stale" }, "ソフトウェア更新");
    expect(conformant.result).toBe("適合");
    expect(conformant.naReason).toBe("");
    expect(conformant.method).toBe("ドキュメント評価");
  });
});
