import * as CDX from "@cyclonedx/cyclonedx-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { createFirmwareRelease } from "../product/firmware.ts";
import { createProduct } from "../product/product.ts";
import { exportCycloneDx } from "./export-cyclonedx.ts";
import { importSbom } from "./import-sbom.ts";
import { parseSbom } from "./parse-sbom.ts";

type CdxComponent = { name: string; components?: CdxComponent[] };

/** name → names nested directly in it, read from an exported document. */
function tree(
  list: CdxComponent[] | undefined,
  out: Record<string, string[]> = {},
): Record<string, string[]> {
  for (const c of list ?? []) {
    out[c.name] = (c.components ?? []).map((x) => x.name);
    tree(c.components, out);
  }
  return out;
}

const NESTED = JSON.stringify({
  bomFormat: "CycloneDX",
  specVersion: "1.6",
  version: 1,
  metadata: { component: { type: "firmware", name: "Camera firmware" } },
  components: [
    {
      type: "library",
      "bom-ref": "openssl",
      name: "openssl",
      version: "3.0.11",
      purl: "pkg:deb/debian/openssl@3.0.11",
      components: [
        {
          type: "library",
          "bom-ref": "libcrypto",
          name: "libcrypto",
          version: "3.0.11",
          components: [{ type: "library", name: "libcrypto-engine", version: "3.0.11" }],
        },
        { type: "library", name: "libssl", version: "3.0.11" },
      ],
    },
    { type: "library", name: "busybox", version: "1.36.1" },
  ],
});

const SPDX = JSON.stringify({
  spdxVersion: "SPDX-2.3",
  SPDXID: "SPDXRef-DOCUMENT",
  name: "camera",
  documentDescribes: ["SPDXRef-camera"],
  packages: [
    { SPDXID: "SPDXRef-camera", name: "camera-firmware", versionInfo: "2.0.0" },
    { SPDXID: "SPDXRef-openssl", name: "openssl", versionInfo: "3.0.11" },
    { SPDXID: "SPDXRef-libcrypto", name: "libcrypto", versionInfo: "3.0.11" },
    { SPDXID: "SPDXRef-zlib", name: "zlib", versionInfo: "1.3" },
  ],
  relationships: [
    { spdxElementId: "SPDXRef-camera", relationshipType: "CONTAINS", relatedSpdxElement: "SPDXRef-openssl" },
    {
      spdxElementId: "SPDXRef-openssl",
      relationshipType: "CONTAINS",
      relatedSpdxElement: "SPDXRef-libcrypto",
    },
    // A cycle must not loop or nest a component in itself.
    {
      spdxElementId: "SPDXRef-libcrypto",
      relationshipType: "CONTAINS",
      relatedSpdxElement: "SPDXRef-openssl",
    },
    {
      spdxElementId: "SPDXRef-zlib",
      relationshipType: "CONTAINED_BY",
      relatedSpdxElement: "SPDXRef-libcrypto",
    },
  ],
});

describe("SBOM parsing: hierarchy and roots", () => {
  it("keeps CycloneDX nesting as parent indexes", () => {
    const parsed = parseSbom(Buffer.from(NESTED));
    const parentOf = (name: string) => {
      const c = parsed.components.find((x) => x.name === name);
      return c?.parentIndex === null || c === undefined ? null : parsed.components[c.parentIndex]?.name;
    };
    expect(parsed.components.map((c) => c.name)).toEqual([
      "openssl",
      "libcrypto",
      "libcrypto-engine",
      "libssl",
      "busybox",
    ]);
    expect(parentOf("libcrypto-engine")).toBe("libcrypto");
    expect(parentOf("libssl")).toBe("openssl");
    expect(parentOf("busybox")).toBeNull();
  });

  it("does not count the SPDX document's described package as a component, as CycloneDX does not", () => {
    const parsed = parseSbom(Buffer.from(SPDX));
    expect(parsed.components.map((c) => c.name)).toEqual(["openssl", "libcrypto", "zlib"]);
    const parent = (name: string) => {
      const i = parsed.components.find((c) => c.name === name)?.parentIndex;
      return i === null || i === undefined ? null : parsed.components[i]?.name;
    };
    // openssl is contained by the root (the product itself): top level; the cycle back is ignored.
    expect([parent("openssl"), parent("libcrypto"), parent("zlib")]).toEqual([null, "openssl", "libcrypto"]);
    const viaRelationship = JSON.parse(SPDX);
    delete viaRelationship.documentDescribes;
    viaRelationship.relationships.push({
      spdxElementId: "SPDXRef-DOCUMENT",
      relationshipType: "DESCRIBES",
      relatedSpdxElement: "SPDXRef-camera",
    });
    expect(parseSbom(Buffer.from(JSON.stringify(viaRelationship))).components).toHaveLength(3);
  });

  it("refuses XML nested deeper than the parser should recurse, with a clear reason", () => {
    const depth = 50_000;
    const xml = `<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components>${"<a>".repeat(depth)}${"</a>".repeat(depth)}</components></bom>`;
    let error: unknown;
    try {
      parseSbom(Buffer.from(xml));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("SBOM_REFUSED");
    expect(JSON.stringify((error as AppError).params)).toMatch(/nested more than/);
  });
});

describe.each(testDialects())("SBOM hierarchy through import and export on %s", (dialect) => {
  let t: TestDb;
  let ctx: RequestContext;
  let release: string;
  const clock = new Date("2026-12-03T00:00:00Z");

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const deps = { db: t.db, catalog: loadCatalog(), now: () => clock };
    ctx = {
      orgId: (await createOrganisation(t.db, "A", clock)).id,
      actor: { id: null, name: "t" },
      lang: "en",
    };
    const p = await createProduct(deps, ctx, {
      name: "Camera",
      category: "camera",
      connectivity: { interfaces: ["wifi"], closedNetwork: false },
    });
    release = (await createFirmwareRelease(deps, ctx, p.id, { version: "2.0.0", releasedOn: "2026-11-01" }))
      .id;
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it("exports the imported hierarchy with a urn:uuid serial, valid for CycloneDX's strict JSON validator", async () => {
    const deps = { db: t.db, now: () => clock };
    await importSbom(deps, ctx, release, Buffer.from(NESTED), "bom.json");
    const text = await exportCycloneDx(deps, ctx, release);
    const bom = JSON.parse(text);
    expect(bom.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(JSON.parse(await exportCycloneDx(deps, ctx, release)).serialNumber).not.toBe(bom.serialNumber);
    expect(bom.components.map((c: CdxComponent) => c.name).sort()).toEqual(["busybox", "openssl"]);
    expect(tree(bom.components)).toEqual({
      busybox: [],
      openssl: ["libcrypto", "libssl"],
      libcrypto: ["libcrypto-engine"],
      "libcrypto-engine": [],
      libssl: [],
    });
    const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6);
    expect(await validator.validate(text)).toBeNull();
  });

  it("imports SPDX without its root package and nests CONTAINS in the export", async () => {
    const deps = { db: t.db, now: () => clock };
    const result = await importSbom(deps, ctx, release, Buffer.from(SPDX), "sbom.spdx.json");
    expect(result.components).toBe(3);
    const bom = JSON.parse(await exportCycloneDx(deps, ctx, release));
    expect(tree(bom.components)).toEqual({ openssl: ["libcrypto"], libcrypto: ["zlib"], zlib: [] });
  });
});
