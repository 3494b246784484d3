import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/load-catalog.ts";
import { buildChecklistWorkbook } from "./build-workbook.ts";
import { type ChecklistInput, checklistLayout } from "./checklist-input.ts";
import { haveLibreOffice, type PdfWord, workbookWords } from "./libreoffice.test-helper.ts";

const catalog = loadCatalog();
const version = catalog.get("star1-2025.05.05");
const input: ChecklistInput = {
  takenAt: "2026-11-26T15:30:00Z",
  organisation: { name: "株式会社ヘッダー", corporateNumber: "1234567890123" },
  product: { name: "カメラ", modelNumbers: ["CAM-1"] },
  catalog: { version: version.version, title: version.title },
  route: "standard",
  criteria: version.criteria.slice(0, 2).map((c) => ({
    id: c.id,
    category: c.category,
    title: c.title,
    summary: c.summary,
    method: c.method,
    state: "conformant",
    naReason: null,
    deemedMet: false,
    evidence: [],
  })),
};

/** The words on the same line as `w`, right of it, left to right. */
const rightOf = (words: PdfWord[], w: PdfWord) =>
  words
    .filter((o) => o !== w && Math.abs(o.yMin - w.yMin) < 2 && o.xMin >= w.xMin)
    .sort((a, b) => a.xMin - b.xMin);

describe.skipIf(!haveLibreOffice())("checklist header as LibreOffice renders it to PDF", () => {
  it("every label is drawn whole and ends before its value starts (チェックリスト版 included); 作成日時 in JST", async () => {
    const words = workbookWords(await buildChecklistWorkbook(input, catalog));
    const values: Record<string, string> = {
      事業者名: "株式会社ヘッダー",
      法人番号: "1234567890123",
      チェックリスト版: version.title.ja,
      作成日時: "2026年11月27日 00:30（日本時間）",
    };
    for (const { label } of checklistLayout().meta) {
      const word = words.find((w) => w.text === label);
      expect(word, `label ${label} drawn whole`).toBeDefined();
      const after = rightOf(words, word as PdfWord);
      expect(after.length, `a value right of ${label}`).toBeGreaterThan(0);
      const gap = (after[0] as PdfWord).xMin - (word as PdfWord).xMax;
      expect(gap, `${label} ends before its value starts`).toBeGreaterThanOrEqual(2);
      const expected = values[label];
      if (expected)
        expect(after.map((w) => w.text).join(""), `value of ${label}`).toBe(expected.replace(/\s+/g, ""));
    }
    // One term: the method column says ドキュメント評価 (the report's and the scheme summary's word).
    const texts = words.map((w) => w.text).join("");
    expect(texts).toContain("ドキュメント評価");
    expect(texts).not.toContain("文書確認");
  }, 240_000);
});
