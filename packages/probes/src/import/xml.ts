/** One XML element: name, attributes and child elements (text is dropped: nmap keeps data in attributes). */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
}

/** Limits that keep a hostile file from costing much. */
const MAX_BYTES = 64 * 1024 * 1024;
const MAX_DEPTH = 64;
const MAX_ELEMENTS = 2_000_000;

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes the five predefined entities and numeric character references; others are left as they are. */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith("#x")) return safeChar(Number.parseInt(ref.slice(2), 16)) ?? whole;
    if (ref.startsWith("#")) return safeChar(Number.parseInt(ref.slice(1), 10)) ?? whole;
    return ENTITIES[ref] ?? whole;
  });
}

function safeChar(code: number): string | null {
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : null;
}

/**
 * A small, safe XML reader for simple documents such as nmap's `-oX` output: elements and
 * attributes only. DOCTYPE declarations are skipped and never expanded (no external entities, no
 * entity expansion attacks); size, depth and element count are bounded. Throws on malformed input.
 */
export function parseXml(source: string): XmlElement {
  if (source.length > MAX_BYTES)
    throw new Error(`XML too large (${source.length} bytes; limit ${MAX_BYTES})`);
  const root: XmlElement = { name: "#document", attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let count = 0;
  let i = 0;
  const fail = (message: string): never => {
    const line = source.slice(0, i).split("\n").length;
    throw new Error(`XML line ${line}: ${message}`);
  };
  while (i < source.length) {
    const lt = source.indexOf("<", i);
    if (lt < 0) break;
    i = lt;
    if (source.startsWith("<!--", i)) {
      const end = source.indexOf("-->", i + 4);
      if (end < 0) fail("unterminated comment");
      i = end + 3;
      continue;
    }
    if (source.startsWith("<![CDATA[", i)) {
      const end = source.indexOf("]]>", i + 9);
      if (end < 0) fail("unterminated CDATA");
      i = end + 3;
      continue;
    }
    if (source.startsWith("<?", i)) {
      const end = source.indexOf("?>", i + 2);
      if (end < 0) fail("unterminated processing instruction");
      i = end + 2;
      continue;
    }
    if (source.startsWith("<!", i)) {
      // DOCTYPE (possibly with an internal subset in brackets): skipped, never interpreted.
      let depth = 0;
      let j = i + 2;
      for (; j < source.length; j++) {
        const c = source[j];
        if (c === "[") depth++;
        else if (c === "]") depth--;
        else if (c === ">" && depth <= 0) break;
      }
      if (j >= source.length) fail("unterminated declaration");
      i = j + 1;
      continue;
    }
    if (source.startsWith("</", i)) {
      const end = source.indexOf(">", i);
      if (end < 0) fail("unterminated end tag");
      const name = source.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || open === root || open.name !== name)
        fail(`</${name}> does not close <${open?.name ?? "(none)"}>`);
      i = end + 1;
      continue;
    }
    const m = /^<([A-Za-z_][\w.:-]*)/.exec(source.slice(i, i + 256));
    if (!m) fail("invalid tag");
    const name = (m as RegExpExecArray)[1] as string;
    i += (m as RegExpExecArray)[0].length;
    const attrs: Record<string, string> = {};
    const attrRe = /\s*([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')|\s*(\/?>)/y;
    for (;;) {
      attrRe.lastIndex = i;
      const a = attrRe.exec(source);
      if (!a) fail(`malformed attributes in <${name}>`);
      const match = a as RegExpExecArray;
      i = attrRe.lastIndex;
      if (match[5]) {
        const element: XmlElement = { name, attrs, children: [] };
        if (++count > MAX_ELEMENTS) fail("too many elements");
        (stack[stack.length - 1] as XmlElement).children.push(element);
        if (match[5] === ">") {
          stack.push(element);
          if (stack.length > MAX_DEPTH) fail("nested too deeply");
        }
        break;
      }
      attrs[match[1] as string] = decodeEntities(match[3] ?? match[4] ?? "");
    }
  }
  if (stack.length > 1) throw new Error(`XML: <${stack[stack.length - 1]?.name}> is never closed`);
  const top = root.children[0];
  if (!top || root.children.length > 1) throw new Error("XML: expected exactly one root element");
  return top;
}

/** Child elements named `name`. */
export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

/** The first child element named `name`. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}
