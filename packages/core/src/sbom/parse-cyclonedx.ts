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

/** Walks components and their nested components (JSON and XML read into the same shape). */
function walk(list: unknown, out: SbomComponent[], depth: number, max: number, fail: (m: string) => never) {
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
    out.push(parsed);
    if (out.length > max) fail(`more than ${max} components`);
    const nested = obj(c.components).component ?? c.components;
    walk(nested, out, depth + 1, max, fail);
  }
}

export function parseCycloneDxJson(doc: Json, max: number, fail: (m: string) => never): ParsedSbom {
  const specVersion = String(doc.specVersion ?? "");
  if (!CYCLONEDX_VERSIONS.includes(specVersion))
    fail(`CycloneDX specVersion ${specVersion || "(none)"} is not supported (1.4–1.6)`);
  if (doc.components !== undefined && !Array.isArray(doc.components)) fail("components is not a list");
  const components: SbomComponent[] = [];
  walk(doc.components, components, 0, max, fail);
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
  walk(obj(doc.components).component, components, 0, max, fail);
  return { format: "cyclonedx-xml", specVersion, components };
}
