import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.ts";
import { parseFontSpec, resolvePdfFonts } from "./font.ts";
import { havePoppler, readPdf } from "./pdf-tools.test-helper.ts";
import { renderPdfBuffer } from "./render-pdf.ts";

const run = havePoppler();

describe("resolvePdfFonts", () => {
  it("refuses clearly when the font override does not exist", () => {
    expect(() => resolvePdfFonts("/nonexistent/font.ttc#X")).toThrowError(AppError);
    try {
      resolvePdfFonts("/nonexistent/font.ttc#X");
    } catch (error) {
      expect((error as AppError).code).toBe("PDF_FONT_MISSING");
      expect((error as AppError).messageIn("ja")).toContain("/nonexistent/font.ttc");
    }
  });
  it("parses path#PostScriptName", () => {
    expect(parseFontSpec("/a/b.ttc#NotoSansCJKjp-Regular")).toEqual({
      path: "/a/b.ttc",
      postscriptName: "NotoSansCJKjp-Regular",
    });
    expect(parseFontSpec("/a/b.otf")).toEqual({ path: "/a/b.otf", postscriptName: null });
  });
});

describe.skipIf(!run)("renderPdf", () => {
  it("writes Japanese text, tables over several pages, page numbers, metadata and an embedded subset font", async () => {
    const rows = Array.from({ length: 80 }, (_, i) => [
      `S1.1-${String(i).padStart(2, "0")}`,
      `適合 行${i}`,
      "証跡",
    ]);
    const pdf = await renderPdfBuffer({
      meta: { title: "自己適合評価報告書", author: "テスト株式会社", lang: "ja-JP", createdAt: new Date(0) },
      blocks: [
        { kind: "title", text: "自己適合評価報告書" },
        { kind: "heading", text: "製品情報" },
        { kind: "keyValue", rows: [["製品名", "スマートプラグ SP-100"]] },
        { kind: "paragraph", text: "セキュリティ要件への適合を宣言します。".repeat(10) },
        {
          kind: "table",
          columns: [
            { header: "基準", width: 1 },
            { header: "結果", width: 1 },
            { header: "証跡", width: 2 },
          ],
          rows,
        },
      ],
    });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { text, fonts, pages } = readPdf(pdf);
    expect(text).toContain("自己適合評価報告書");
    expect(text).toContain("スマートプラグ SP-100");
    expect(text).toContain("S1.1-79");
    expect(pages).toBeGreaterThan(1);
    expect(text).toMatch(new RegExp(`\\b${pages}\\s*/\\s*${pages}\\b`));
    // pdffonts: name, type, encoding, emb, sub, uni — the Noto face is embedded and subsetted.
    const noto = fonts.split("\n").find((l) => l.includes("NotoSansCJKjp"));
    expect(noto).toBeDefined();
    expect(noto).toMatch(/\+NotoSansCJKjp-(Regular|Bold)/);
    expect(noto).toMatch(/\byes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
    // The subset is small: a whole Noto CJK face is ~16 MB.
    expect(pdf.length).toBeLessThan(2 * 1024 * 1024);
  });
});
