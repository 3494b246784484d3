import { existsSync } from "node:fs";
import { AppError } from "../errors/app-error.ts";

/** A font face to embed: a file (.ttf, .otf or a .ttc collection) and, for a collection, the face's PostScript name. */
export type PdfFontFace = { path: string; postscriptName: string | null };

/** The faces a PDF is written with. Bold falls back to regular when there is no bold face. */
export type PdfFonts = { regular: PdfFontFace; bold: PdfFontFace };

const NOTO_DIRS = [
  "/usr/share/fonts/opentype/noto",
  "/usr/share/fonts/noto-cjk",
  "/usr/share/fonts/google-noto-cjk",
];

/** Debian's fonts-noto-cjk (and the same files elsewhere): Japanese faces of Noto Sans CJK. */
const CANDIDATES: readonly { regular: PdfFontFace; bold: PdfFontFace | null }[] = NOTO_DIRS.flatMap((dir) => [
  {
    regular: { path: `${dir}/NotoSansCJK-Regular.ttc`, postscriptName: "NotoSansCJKjp-Regular" },
    bold: { path: `${dir}/NotoSansCJK-Bold.ttc`, postscriptName: "NotoSansCJKjp-Bold" },
  },
  {
    regular: { path: `${dir}/NotoSansCJKjp-Regular.otf`, postscriptName: null },
    bold: { path: `${dir}/NotoSansCJKjp-Bold.otf`, postscriptName: null },
  },
]);

/** Parses an override `path[#PostScriptName]` (the `JCSTAR_PDF_FONT` setting). */
export function parseFontSpec(spec: string): PdfFontFace {
  const hash = spec.lastIndexOf("#");
  return hash > 0
    ? { path: spec.slice(0, hash), postscriptName: spec.slice(hash + 1) || null }
    : { path: spec, postscriptName: null };
}

/**
 * Finds the Japanese font to embed: the override when given (`/path/font.ttc#PostScriptName`, used for
 * regular and bold), else Noto Sans CJK JP from fonts-noto-cjk. Throws PDF_FONT_MISSING naming what was tried.
 */
export function resolvePdfFonts(override?: string | null): PdfFonts {
  if (override) {
    const face = parseFontSpec(override);
    if (!existsSync(face.path)) throw new AppError("PDF_FONT_MISSING", { tried: face.path });
    return { regular: face, bold: face };
  }
  for (const c of CANDIDATES) {
    if (!existsSync(c.regular.path)) continue;
    return { regular: c.regular, bold: c.bold && existsSync(c.bold.path) ? c.bold : c.regular };
  }
  throw new AppError("PDF_FONT_MISSING", { tried: CANDIDATES.map((c) => c.regular.path).join(", ") });
}
