import { XMLParser, XMLValidator } from "fast-xml-parser";
import { CYCLONEDX_VERSIONS, component, type ParsedSbom, type SbomComponent } from "./sbom-component.ts";

type Json = Record<string, unknown>;
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

/** CycloneDX licences: SPDX ids, names or an expression, as one text. */
function licenceText(licenses: unknown): string | null {
  const parts: string[] = [];
  for (const entry of asArray(licenses)) {
    const e = obj(entry);
    if (typeof e.expression === "string") parts.push(e.expression);
    for (const l of asArray(e.license)) {
      const lic = obj(l);
      const text = lic.id ?? lic.name;
      if (typeof text === "string") parts.push(text);
    }
  }
  return parts.length ? [...new Set(parts)].join(" AND ") : null;
}

/**
 * Walks components and their nested components (JSON and XML read into the same shape), keeping each one's
 * parent as an index into `out` so the hierarchy survives import and export.
 */
function walk(
  list: unknown,
  out: SbomComponent[],
  parentIndex: number | null,
  depth: number,
  limits: { max: number; fail: (m: string) => never },
) {
  const { max, fail } = limits;
  if (depth > 32) fail("components nested more than 32 levels");
  for (const raw of asArray(list)) {
    const c = obj(raw);
    const parsed = component({
      name: c.name,
      version: c.version,
      group: c.group,
      supplier: obj(c.supplier).name ?? c.publisher ?? c.author,
      license: licenceText(c.licenses),
      purl: c.purl,
      cpe: c.cpe,
      bomRef: c["bom-ref"] ?? c["@_bom-ref"],
    });
    if (!parsed) fail("a component has no name");
    const index = out.push({ ...(parsed as SbomComponent), parentIndex }) - 1;
    if (out.length > max) fail(`more than ${max} components`);
    const nested = obj(c.components).component ?? c.components;
    walk(nested, out, index, depth + 1, limits);
  }
}

/** Deep enough for 32 levels of components (each two elements deep) and their fields. */
const MAX_XML_DEPTH = 100;
const TAG = /<(\/)?[A-Za-z_][\w.:-]*(?:"[^"]*"|'[^']*'|[^'">])*?(\/)?>/g;

/**
 * The deepest element nesting of a well-formed XML text, found by a linear scan before the (recursive) parser
 * sees it, so that a hostile file cannot exhaust the stack.
 */
function xmlDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const m of text.matchAll(TAG)) {
    if (m[1]) depth--;
    else if (!m[2]) deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

export function parseCycloneDxJson(doc: Json, max: number, fail: (m: string) => never): ParsedSbom {
  const specVersion = String(doc.specVersion ?? "");
  if (!CYCLONEDX_VERSIONS.includes(specVersion))
    fail(`CycloneDX specVersion ${specVersion || "(none)"} is not supported (1.4–1.6)`);
  if (doc.components !== undefined && !Array.isArray(doc.components)) fail("components is not a list");
  const components: SbomComponent[] = [];
  walk(doc.components, components, null, 0, { max, fail });
  return { format: "cyclonedx-json", specVersion, components };
}

/**
 * CycloneDX XML, read with fast-xml-parser. DOCTYPE/ENTITY declarations are refused outright (no entity
 * expansion, no external entities); well-formedness is checked first so a broken file gets a line number.
 */
export function parseCycloneDxXml(text: string, max: number, fail: (m: string) => never): ParsedSbom {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) fail("XML with a DOCTYPE or ENTITY declaration is refused");
  const valid = XMLValidator.validate(text);
  if (valid !== true) fail(`malformed XML (line ${valid.err.line}: ${valid.err.msg})`);
  if (xmlDepth(text) > MAX_XML_DEPTH) fail(`XML elements nested more than ${MAX_XML_DEPTH} levels`);
  const ns = /<(?:\w+:)?bom\b[^>]*xmlns(?::\w+)?="http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)"/.exec(
    text,
  );
  if (!ns) fail("not a CycloneDX XML document (no <bom> in the CycloneDX namespace)");
  const specVersion = ns?.[1] as string;
  if (!CYCLONEDX_VERSIONS.includes(specVersion))
    fail(`CycloneDX specVersion ${specVersion} is not supported (1.4–1.6)`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    htmlEntities: false,
    trimValues: true,
    isArray: (name) => ["component", "license", "expression"].includes(name),
  });
  const doc = obj(obj(parser.parse(text)).bom);
  const components: SbomComponent[] = [];
  walk(obj(doc.components).component, components, null, 0, { max, fail });
  return { format: "cyclonedx-xml", specVersion, components };
}
