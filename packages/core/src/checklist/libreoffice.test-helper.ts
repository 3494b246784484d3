import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { requireTool, tempDir, which } from "@jcstar/testkit";

/** True when LibreOffice (soffice) and pdftotext are there (else the suite skips, or fails under strict). */
export function haveLibreOffice(): boolean {
  return requireTool(
    "libreoffice",
    which("soffice") !== null && which("pdftotext") !== null,
    "soffice/pdftotext not on PATH (apt-get install libreoffice-calc poppler-utils)",
  );
}

/** Runs LibreOffice headless with its own profile (parallel runs do not share a lock). */
export function soffice(args: string[], cwd: string): void {
  const profile = tempDir("jcstar-lo-profile-");
  try {
    execFileSync(
      "soffice",
      [`-env:UserInstallation=${pathToFileURL(profile.path).href}`, "--headless", ...args],
      {
        cwd,
        stdio: "pipe",
        timeout: 180_000,
      },
    );
  } finally {
    profile.cleanup();
  }
}

/** What LibreOffice shows of a workbook: converted to PDF, then read by pdftotext. */
export function workbookText(xlsx: Buffer): string {
  const dir = tempDir("jcstar-xlsx-");
  try {
    writeFileSync(join(dir.path, "book.xlsx"), xlsx);
    soffice(["--convert-to", "pdf", "--outdir", dir.path, join(dir.path, "book.xlsx")], dir.path);
    const pdf = join(dir.path, "book.pdf");
    readFileSync(pdf);
    return execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" });
  } finally {
    dir.cleanup();
  }
}

/** One word of a PDF page with its box, as `pdftotext -bbox` reports it (points, origin top left). */
export type PdfWord = { text: string; xMin: number; yMin: number; xMax: number; yMax: number };

/** The words LibreOffice draws for a workbook, with their boxes: converted to PDF, read by `pdftotext -bbox`. */
export function workbookWords(xlsx: Buffer): PdfWord[] {
  const dir = tempDir("jcstar-xlsx-");
  try {
    writeFileSync(join(dir.path, "book.xlsx"), xlsx);
    soffice(["--convert-to", "pdf", "--outdir", dir.path, join(dir.path, "book.xlsx")], dir.path);
    const html = execFileSync("pdftotext", ["-bbox", "-enc", "UTF-8", join(dir.path, "book.pdf"), "-"], {
      encoding: "utf8",
    });
    const words: PdfWord[] = [];
    const re = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
    for (const m of html.matchAll(re)) {
      const [xMin, yMin, xMax, yMax] = [m[1], m[2], m[3], m[4]].map(Number) as [
        number,
        number,
        number,
        number,
      ];
      const text = (m[5] ?? "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      words.push({ text, xMin, yMin, xMax, yMax });
    }
    return words;
  } finally {
    dir.cleanup();
  }
}
