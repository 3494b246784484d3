import { createRequire } from "node:module";
import type { PdfFontFace } from "./font.ts";

/**
 * Parsing a Noto CJK face (a 19 MB collection: GSUB/GPOS for layout, 65 000 CFF glyphs for the subset) takes
 * about half a second per face, and pdfkit parses the file again for every document. Instead, pdfkit is handed a
 * small token (`JCSTARFONT:<n>`) that fontkit resolves, through a format registered here, to a face parsed once
 * per process. Each document still writes its own subset of the shared face.
 */
type Fontkit = {
  create: (buffer: Uint8Array, postscriptName?: string) => unknown;
  openSync: (path: string, postscriptName?: string) => unknown;
  registerFormat: (format: unknown) => void;
};
/** pdfkit's own fontkit, loaded with the first font (not when this module is imported). */
let fontkitModule: Fontkit | undefined;
function fontkit(): Fontkit {
  fontkitModule ??= createRequire(createRequire(import.meta.url).resolve("pdfkit"))("fontkit") as Fontkit;
  return fontkitModule;
}

const MAGIC = "JCSTARFONT:";
const faces: unknown[] = [];
const tokens = new Map<string, Buffer>();
let registered = false;

/** A fontkit "format" that only recognises our tokens and returns the face parsed before. */
function CachedFace(this: unknown, stream: { buffer: Uint8Array }) {
  const index = Number(Buffer.from(stream.buffer).toString("latin1").slice(MAGIC.length));
  return faces[index];
}
CachedFace.probe = (buffer: Uint8Array) =>
  buffer.length > MAGIC.length && Buffer.from(buffer.subarray(0, MAGIC.length)).toString("latin1") === MAGIC;

/** What to pass to pdfkit's `registerFont` (with no family): a token for the face, parsed on first use. */
export function fontSource(face: PdfFontFace): Buffer {
  if (!registered) {
    fontkit().registerFormat(CachedFace);
    registered = true;
  }
  const key = `${face.path}#${face.postscriptName ?? ""}`;
  let token = tokens.get(key);
  if (!token) {
    faces.push(fontkit().openSync(face.path, face.postscriptName ?? undefined));
    token = Buffer.from(`${MAGIC}${faces.length - 1}`, "latin1");
    tokens.set(key, token);
  }
  return token;
}
