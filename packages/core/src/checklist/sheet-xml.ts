/** Just enough SpreadsheetML reading to find cells and edit them in place (no DOM, no re-serialisation). */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith("#x")
      ? String.fromCodePoint(Number.parseInt(e.slice(2), 16))
      : e.startsWith("#")
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITIES[e] ?? ""),
  );
}

/** Text escaped for an XML text node; characters XML 1.0 cannot hold are dropped. */
export function escapeXml(s: string): string {
  return [...s]
    .filter((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c !== 0xfffe && c !== 0xffff);
    })
    .join("")
    .replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

export function attr(attrs: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs);
  return m ? decodeXml(m[1] as string) : null;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** The text of `<t>` runs inside a string item (`<si>` or `<is>`), ignoring phonetic runs (`<rPh>`). */
function runsText(xml: string): string {
  const withoutPhonetic = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "");
  let out = "";
  for (const m of withoutPhonetic.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g))
    out += decodeXml(m[1] as string);
  return out;
}

/** The shared string table. */
export function readSharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => runsText(m[1] ?? ""));
}

export type SheetCell = {
  ref: string;
  col: number;
  row: number;
  /** Offsets of the whole `<c …>…</c>` element in the sheet XML. */
  start: number;
  end: number;
  style: string | null;
  hasFormula: boolean;
  /** The cell's text (shared strings resolved), or null when empty. */
  text: string | null;
};

/** Every cell element of a worksheet, in document order. */
export function readCells(xml: string, shared: readonly string[]): SheetCell[] {
  const cells: SheetCell[] = [];
  for (const m of xml.matchAll(/<c(?=[\s>/])([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const attrs = m[1] as string;
    const inner = m[2] ?? "";
    const ref = attr(attrs, "r");
    if (!ref) continue;
    const rm = /^([A-Z]{1,3})(\d+)$/.exec(ref);
    if (!rm) continue;
    const type = attr(attrs, "t");
    const v = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/.exec(inner);
    let text: string | null = null;
    if (type === "s" && v) text = shared[Number(v[1])] ?? null;
    else if (type === "inlineStr") text = runsText(/<is>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? "");
    else if (v) text = decodeXml(v[1] as string);
    cells.push({
      ref,
      col: columnNumber(rm[1] as string),
      row: Number(rm[2]),
      start: m.index,
      end: m.index + m[0].length,
      style: attr(attrs, "s"),
      hasFormula: /<f[\s>/]/.test(inner),
      text: text === "" ? null : text,
    });
  }
  return cells;
}

/** Sheets of a workbook by name, with the path of their part. */
export function workbookSheets(workbookXml: string, relsXml: string): Array<{ name: string; path: string }> {
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(/<Relationship\b([^>]*?)\/?>/g)) {
    const id = attr(m[1] as string, "Id");
    const target = attr(m[1] as string, "Target");
    if (id && target) targets.set(id, target);
  }
  const sheets: Array<{ name: string; path: string }> = [];
  for (const m of workbookXml.matchAll(/<sheet\b([^>]*?)\/?>/g)) {
    const name = attr(m[1] as string, "name");
    const rid = attr(m[1] as string, "r:id");
    const target = rid ? targets.get(rid) : undefined;
    if (!name || !target) continue;
    sheets.push({
      name,
      path: target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`,
    });
  }
  return sheets;
}
