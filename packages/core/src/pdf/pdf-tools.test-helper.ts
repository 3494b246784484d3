import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { requireTool, tempDir, which } from "@jcstar/testkit";
import { resolvePdfFonts } from "./font.ts";

/** True when poppler's pdftotext and pdffonts are there (else the suite skips, or fails under strict). */
export function havePoppler(): boolean {
  return requireTool(
    "poppler-utils",
    which("pdftotext") !== null && which("pdffonts") !== null,
    "pdftotext/pdffonts not on PATH (apt-get install poppler-utils)",
  );
}

/** The text and font table poppler reads from a PDF. */
export function readPdf(pdf: Buffer): { text: string; fonts: string; pages: number } {
  const dir = tempDir("jcstar-pdf-");
  try {
    const file = join(dir.path, "doc.pdf");
    writeFileSync(file, pdf);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", "-layout", file, "-"], { encoding: "utf8" });
    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
    return { text, fonts, pages };
  } finally {
    dir.cleanup();
  }
}

/** True when a Japanese font to embed is found (else the suite skips, or fails under strict). */
export function haveJapaneseFont(): boolean {
  let found = true;
  try {
    resolvePdfFonts(process.env.JCSTAR_PDF_FONT);
  } catch {
    found = false;
  }
  return requireTool(
    "fonts-noto-cjk",
    found,
    "no Japanese font (apt-get install fonts-noto-cjk or set JCSTAR_PDF_FONT)",
  );
}
