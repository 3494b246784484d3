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

/** SPDX 2.3 JSON: packages with their purl and CPE external references. */
export function parseSpdxJson(doc: Json, max: number, fail: (m: string) => never): ParsedSbom {
  const specVersion = String(doc.spdxVersion ?? "");
  if (specVersion !== "SPDX-2.3") fail(`spdxVersion ${specVersion || "(none)"} is not supported (SPDX-2.3)`);
  if (doc.packages !== undefined && !Array.isArray(doc.packages)) fail("packages is not a list");
  const packages = (doc.packages ?? []) as unknown[];
  if (packages.length > max) fail(`more than ${max} components`);
  const components: SbomComponent[] = [];
  for (const raw of packages) {
    const p = obj(raw);
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
    components.push(parsed);
  }
  return { format: "spdx-json", specVersion: "2.3", components };
}
