import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssessment } from "../assessment/assessment.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import {
  createComponent,
  createFirmwareImage,
  createFirmwareRelease,
  listComponents,
  listFirmwareReleases,
} from "./firmware.ts";
import { addModelNumber, importModelNumbersCsv, listModelNumbers } from "./model-numbers.ts";
import { createProduct, deleteProduct, getProduct, listProducts, updateProduct } from "./product.ts";

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe.each(testDialects())("products on %s", (dialect) => {
  let t: TestDb;
  let deps: CoreDeps;
  let ctx: RequestContext;
  let other: RequestContext;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const now = () => new Date("2026-11-26T00:00:00Z");
    deps = { db: t.db, catalog: loadCatalog(), now };
    ctx = {
      orgId: (await createOrganisation(t.db, "A", now())).id,
      actor: { id: null, name: "t" },
      lang: "ja",
    };
    other = {
      orgId: (await createOrganisation(t.db, "B", now())).id,
      actor: { id: null, name: "t" },
      lang: "en",
    };
  });
  afterAll(async () => t?.dispose());

  it("creates a product with its connectivity, support period and model numbers", async () => {
    const p = await createProduct(deps, ctx, {
      name: "  ルーター RT-500 ",
      category: "router",
      connectivity: { interfaces: ["ethernet", "cellular-lpwa"], closedNetwork: true, iotSim: "SORACOM Air" },
      supportEndDate: "2031-03-31",
      defaultRoute: "psti",
      modelNumbers: ["RT-500", "RT-500W"],
    });
    expect(p.name).toBe("ルーター RT-500");
    expect(p.connectivity).toEqual({
      interfaces: ["ethernet", "cellular-lpwa"],
      closedNetwork: true,
      iotSim: "SORACOM Air",
      notes: null,
    });
    expect(p.defaultRoute).toBe("psti");
    expect((await listModelNumbers(deps, ctx, p.id)).map((m) => m.modelNumber)).toEqual([
      "RT-500",
      "RT-500W",
    ]);
    expect((await listProducts(deps, ctx)).map((x) => x.id)).toContain(p.id);
    expect((await listProducts(deps, other)).map((x) => x.id)).not.toContain(p.id);
  });

  it("validates every field and names it", async () => {
    const e = await errorOf(
      createProduct(deps, ctx, { name: "", category: "toaster", supportEndDate: "2031-02-30", surprise: 1 }),
    );
    expect(e.code).toBe("VALIDATION_FAILED");
    const paths = e.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "category", "supportEndDate", ""]));
    expect(e.details.find((d) => d.path === "category")?.message.ja).toContain("いずれか");
  });

  it("updates with optimistic versions", async () => {
    const p = await createProduct(deps, ctx, { name: "S-1", category: "sensor" });
    const u = await updateProduct(deps, ctx, p.id, { version: 1, supportEndDate: "2030-12-31" });
    expect(u.version).toBe(2);
    expect(u.supportEndDate).toBe("2030-12-31");
    expect((await errorOf(updateProduct(deps, ctx, p.id, { version: 1, name: "lost update" }))).code).toBe(
      "VERSION_CONFLICT",
    );
    expect((await getProduct(deps, ctx, p.id)).name).toBe("S-1");
    expect((await errorOf(updateProduct(deps, other, p.id, { version: 2, name: "x" }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("imports hundreds of model numbers from CSV, all or nothing", async () => {
    const p = await createProduct(deps, ctx, { name: "CAM", category: "camera", modelNumbers: ["CAM-0001"] });
    const rows = Array.from({ length: 300 }, (_, i) => `CAM-${String(i + 1).padStart(4, "0")},note ${i}`);
    const result = await importModelNumbersCsv(deps, ctx, p.id, `\uFEFF型番,備考\n${rows.join("\r\n")}\n`);
    expect(result).toEqual({ added: 299, skipped: ["CAM-0001"] });
    expect(await listModelNumbers(deps, ctx, p.id)).toHaveLength(300);
    const bad = await errorOf(importModelNumbersCsv(deps, ctx, p.id, "model_number\nOK-1\n<script>\nOK-1\n"));
    expect(bad.code).toBe("VALIDATION_FAILED");
    expect(bad.details.map((d) => d.path)).toEqual(["rows.2.modelNumber", "rows.3.modelNumber"]);
    expect(await listModelNumbers(deps, ctx, p.id)).toHaveLength(300);
    expect((await errorOf(importModelNumbersCsv(deps, ctx, p.id, 'a,"unterminated\n'))).code).toBe(
      "INVALID_CSV",
    );
    expect((await errorOf(addModelNumber(deps, ctx, p.id, { modelNumber: "CAM-0002" }))).code).toBe(
      "ALREADY_EXISTS",
    );
  });

  it("keeps firmware images, releases (newest first) and components", async () => {
    const p = await createProduct(deps, ctx, { name: "GW", category: "router" });
    const img = await createFirmwareImage(deps, ctx, p.id, { name: "main" });
    await createFirmwareRelease(deps, ctx, p.id, {
      version: "1.0.0",
      releasedOn: "2026-01-10",
      imageId: img.id,
    });
    await createFirmwareRelease(deps, ctx, p.id, {
      version: "1.1.0",
      releasedOn: "2026-06-01",
      imageId: img.id,
      securityFixes: ["CVE-2026-0001"],
    });
    expect(
      (
        await errorOf(
          createFirmwareRelease(deps, ctx, p.id, {
            version: "1.1.0",
            releasedOn: "2026-06-02",
            imageId: img.id,
          }),
        )
      ).code,
    ).toBe("ALREADY_EXISTS");
    const releases = await listFirmwareReleases(deps, ctx, p.id);
    expect(releases.map((r) => r.version)).toEqual(["1.1.0", "1.0.0"]);
    expect(releases[0]?.securityFixes).toEqual(["CVE-2026-0001"]);
    await createComponent(deps, ctx, p.id, {
      name: "openssl",
      version: "3.0.15",
      oss: true,
      purl: "pkg:deb/debian/openssl@3.0.15",
    });
    expect((await listComponents(deps, ctx, p.id))[0]).toMatchObject({ name: "openssl", oss: true });
    expect(
      (await errorOf(createComponent(deps, ctx, p.id, { name: "x", oss: true, imageId: "img_nope" }))).code,
    ).toBe("NOT_FOUND");
  });

  it("deletes a product only while it has no assessment", async () => {
    const p = await createProduct(deps, ctx, { name: "tmp", category: "other", modelNumbers: ["T-1"] });
    await deleteProduct(deps, ctx, p.id);
    expect((await errorOf(getProduct(deps, ctx, p.id))).code).toBe("NOT_FOUND");
    const q = await createProduct(deps, ctx, { name: "kept", category: "other" });
    await createAssessment(deps, ctx, q.id);
    expect((await errorOf(deleteProduct(deps, ctx, q.id))).code).toBe("IN_USE");
  });
});
