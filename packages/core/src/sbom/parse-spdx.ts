import { component, type ParsedSbom, type SbomComponent } from "./sbom-component.ts";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const assertion = (v: unknown) => (typeof v === "string" && v !== "NOASSERTION" && v !== "NONE" ? v : null);

/** "Organization: Example Ltd (info@example.jp)" → "Example Ltd". */
function supplierName(v: unknown): string | null {
  const s = assertion(v);
  if (!s) return null;
  return s.replace(/^(Organization|Person|Tool):\s*/i, "").replace(/\s*\([^)]*\)\s*$/, "") || null;
}

type Relationship = { from: string; type: string; to: string };

function relationshipsOf(doc: Json): Relationship[] {
  const list = Array.isArray(doc.relationships) ? doc.relationships.map(obj) : [];
  return list.map((r) => ({
    from: String(r.spdxElementId ?? ""),
    type: String(r.relationshipType ?? ""),
    to: String(r.relatedSpdxElement ?? ""),
  }));
}

/**
 * The packages the document describes (its subject, like CycloneDX's metadata.component): `documentDescribes`,
 * DOCUMENT DESCRIBES x, or x DESCRIBED_BY DOCUMENT. They are not components of themselves.
 */
function rootIds(doc: Json, relationships: Relationship[]): Set<string> {
  const self = String(doc.SPDXID ?? "SPDXRef-DOCUMENT");
  const roots = new Set<string>(
    Array.isArray(doc.documentDescribes) ? doc.documentDescribes.map((v) => String(v)) : [],
  );
  for (const r of relationships) {
    if (r.type === "DESCRIBES" && r.from === self) roots.add(r.to);
    if (r.type === "DESCRIBED_BY" && r.to === self) roots.add(r.from);
  }
  return roots;
}

/** Child SPDXID → parent SPDXID from CONTAINS / CONTAINED_BY, first parent wins, never making a cycle. */
function parentsOf(relationships: Relationship[], roots: Set<string>): Map<string, string> {
  const parent = new Map<string, string>();
  const makesCycle = (child: string, candidate: string) => {
    for (
      let at: string | undefined = candidate, n = 0;
      at !== undefined && n < 10_000;
      at = parent.get(at), n++
    )
      if (at === child) return true;
    return false;
  };
  for (const r of relationships) {
    const [p, c] = r.type === "CONTAINS" ? [r.from, r.to] : r.type === "CONTAINED_BY" ? [r.to, r.from] : [];
    if (!p || !c || roots.has(p) || roots.has(c) || parent.has(c) || makesCycle(c, p)) continue;
    parent.set(c, p);
  }
  return parent;
}

/**
 * SPDX 2.3 JSON: packages with their purl and CPE external references. The package(s) the document describes
 * are the product itself and are not imported as components (as with CycloneDX's metadata.component); CONTAINS
 * relationships between other packages become the component hierarchy.
 */
export function parseSpdxJson(doc: Json, max: number, fail: (m: string) => never): ParsedSbom {
  const specVersion = String(doc.spdxVersion ?? "");
  if (specVersion !== "SPDX-2.3") fail(`spdxVersion ${specVersion || "(none)"} is not supported (SPDX-2.3)`);
  if (doc.packages !== undefined && !Array.isArray(doc.packages)) fail("packages is not a list");
  if (doc.relationships !== undefined && !Array.isArray(doc.relationships))
    fail("relationships is not a list");
  const packages = (doc.packages ?? []) as unknown[];
  if (packages.length > max) fail(`more than ${max} components`);
  const relationships = relationshipsOf(doc);
  const roots = rootIds(doc, relationships);
  const parents = parentsOf(relationships, roots);
  const components: SbomComponent[] = [];
  for (const raw of packages) {
    const p = obj(raw);
    if (roots.has(String(p.SPDXID))) continue;
    const refs = Array.isArray(p.externalRefs) ? p.externalRefs.map(obj) : [];
    const ref = (...types: string[]) =>
      refs.find((r) => types.includes(String(r.referenceType)))?.referenceLocator ?? null;
    const parsed = component({
      name: p.name,
      version: assertion(p.versionInfo),
      supplier: supplierName(p.supplier) ?? supplierName(p.originator),
      license: assertion(p.licenseConcluded) ?? assertion(p.licenseDeclared),
      purl: ref("purl"),
      cpe: ref("cpe23Type", "cpe22Type"),
      bomRef: p.SPDXID,
    });
    if (!parsed) fail("a package has no name");
    components.push(parsed as SbomComponent);
  }
  const indexOf = new Map(components.map((c, i) => [c.bomRef, i]));
  for (const c of components) c.parentIndex = indexOf.get(parents.get(c.bomRef ?? "") ?? "") ?? null;
  return { format: "spdx-json", specVersion: "2.3", components };
}
