/** One component as read from an SBOM, before it is stored. */
export type SbomComponent = {
  name: string;
  version: string | null;
  group: string | null;
  supplier: string | null;
  license: string | null;
  purl: string | null;
  cpe: string | null;
  bomRef: string | null;
  /** Index (in the parsed list) of the component this one is nested in, or null at the top level. */
  parentIndex: number | null;
};

export type ParsedSbom = {
  format: "cyclonedx-json" | "cyclonedx-xml" | "spdx-json";
  specVersion: string;
  components: SbomComponent[];
};

export const MAX_SBOM_BYTES = 64 * 1024 * 1024;
export const MAX_SBOM_COMPONENTS = 50_000;
export const CYCLONEDX_VERSIONS = ["1.4", "1.5", "1.6"];

const clip = (value: unknown, max: number): string | null => {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const s = String(value).trim();
  return s ? s.slice(0, max) : null;
};

export function component(fields: {
  name: unknown;
  version?: unknown;
  group?: unknown;
  supplier?: unknown;
  license?: unknown;
  purl?: unknown;
  cpe?: unknown;
  bomRef?: unknown;
}): SbomComponent | null {
  const name = clip(fields.name, 300);
  if (!name) return null;
  return {
    name,
    version: clip(fields.version, 200),
    group: clip(fields.group, 300),
    supplier: clip(fields.supplier, 300),
    license: clip(fields.license, 1000),
    purl: clip(fields.purl, 2000),
    cpe: clip(fields.cpe, 1000),
    bomRef: clip(fields.bomRef, 500),
    parentIndex: null,
  };
}
