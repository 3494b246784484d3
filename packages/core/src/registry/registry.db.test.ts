import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { issueLabel, type LabelDeps, revokeLabel } from "../labels/issue-label.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { createProduct } from "../product/product.ts";
import { keyIdOf } from "../secrets/instance-key.ts";
import { labelPageView, productPageView } from "./public-view.ts";
import { getPublication, putPublication } from "./publication.ts";
import { exportCsv, exportLabels, searchLabels } from "./search.ts";

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

const SHOW_ALL = {
  modelNumbers: true,
  supportPeriod: true,
  latestFirmware: true,
  vulnerabilityContact: true,
  updateProcedure: true,
  label: true,
};
const publication = (version: number, slug: string | null, show: Partial<typeof SHOW_ALL> = SHOW_ALL) => ({
  version,
  published: true,
  slug,
  show: { ...Object.fromEntries(Object.keys(SHOW_ALL).map((k) => [k, false])), ...show },
  vulnerabilityContact: "psirt@example.jp",
  vulnerabilityPolicyUrl: null,
  securityTxtUrl: null,
  updateProcedure: { ja: "手順", en: "Steps" },
});

describe.each(testDialects())("registry search and publication on %s", (dialect) => {
  let t: TestDb;
  let deps: LabelDeps & CoreDeps;
  let ctx: RequestContext;
  let other: RequestContext;
  let productId: string;
  const clock = new Date("2026-11-26T03:00:00Z");
  const operator = { id: null, name: "operator" };

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const key = randomBytes(32);
    deps = {
      db: t.db,
      now: () => clock,
      catalog: loadCatalog(),
      instanceKey: { key, keyId: keyIdOf(key), source: "env" },
      publicUrl: "https://r.example",
    };
    ctx = {
      orgId: (await createOrganisation(t.db, "A社", clock)).id,
      actor: { id: null, name: "a" },
      lang: "en",
    };
    other = {
      orgId: (await createOrganisation(t.db, "B社", clock)).id,
      actor: { id: null, name: "b" },
      lang: "en",
    };
    productId = (
      await createProduct(deps, ctx, { name: "Cam 100%_x", category: "camera", modelNumbers: ["M_1"] })
    ).id;
    await issueLabel(deps, operator, { productId, applicationId: "app_1" });
    await issueLabel(deps, operator, {
      product: "見守り カメラ",
      maker: "東都電機",
      validFrom: "2020-01-01",
    });
    for (let i = 0; i < 3; i++) await issueLabel(deps, operator, { product: `Router ${i}`, maker: "Net" });
    await revokeLabel(deps, operator, { registrationNumber: "JCS-2026-000003", reason: "test" });
  });
  afterAll(async () => t?.dispose());

  it("finds labels by the start of a term, escapes LIKE wildcards, filters by status and pages", async () => {
    const numbers = async (input: Record<string, unknown>) =>
      (await searchLabels(t.db, input, clock)).items.map((l) => l.registrationNumber);
    expect(await numbers({ q: "m_1" })).toEqual(["JCS-2026-000001"]);
    expect(await numbers({ q: "m%" })).toEqual([]);
    expect(await numbers({ q: "100%_" })).toEqual(["JCS-2026-000001"]);
    expect(await numbers({ q: "カメラ" })).toEqual(["JCS-2026-000002"]);
    expect(await numbers({ q: "東都" })).toEqual(["JCS-2026-000002"]);
    expect(await numbers({ q: "router" })).toHaveLength(3);
    expect(await numbers({ status: "expired" })).toEqual(["JCS-2026-000002"]);
    expect(await numbers({ status: "revoked" })).toEqual(["JCS-2026-000003"]);
    expect(await numbers({ status: "valid" })).toEqual([
      "JCS-2026-000001",
      "JCS-2026-000004",
      "JCS-2026-000005",
    ]);
    const first = await searchLabels(t.db, { limit: 2 }, clock);
    expect(first.hasMore).toBe(true);
    const last = await searchLabels(t.db, { limit: 2, page: 3 }, clock);
    expect(last.items.map((l) => l.registrationNumber)).toEqual(["JCS-2026-000005"]);
    expect(last.hasMore).toBe(false);
  });

  it("exports every label; CSV cells cannot start a formula", async () => {
    await issueLabel(deps, operator, { product: "=HYPERLINK(1)", maker: "+evil" });
    const rows = await exportLabels(t.db, clock, "https://r.example");
    expect(rows).toHaveLength(6);
    expect(rows[0]?.url).toBe("https://r.example/registry/JCS-2026-000001");
    const csv = exportCsv(rows);
    expect(csv).toContain(",'=HYPERLINK(1),'+evil,");
  });

  it("keeps publish settings per organisation, versioned, slug unique, and shows only chosen fields", async () => {
    expect(await productPageView(t.db, productId, clock)).toBeNull();
    expect((await getPublication(deps, ctx, productId)).version).toBe(0);
    expect((await errorOf(getPublication(deps, other, productId))).code).toBe("NOT_FOUND");
    expect((await errorOf(putPublication(deps, other, productId, publication(0, null)))).code).toBe(
      "NOT_FOUND",
    );

    const saved = await putPublication(deps, ctx, productId, publication(0, "cam", { label: true }));
    expect(saved.version).toBe(1);
    expect((await errorOf(putPublication(deps, ctx, productId, publication(0, "cam")))).code).toBe(
      "VERSION_CONFLICT",
    );
    const second = (await createProduct(deps, ctx, { name: "Second", category: "sensor" })).id;
    expect((await errorOf(putPublication(deps, ctx, second, publication(0, "cam")))).code).toBe(
      "ALREADY_EXISTS",
    );

    const page = await productPageView(t.db, "cam", clock);
    expect(page).toMatchObject({ product: "Cam 100%_x", maker: "A社" });
    expect(page?.labels?.map((l) => l.registrationNumber)).toEqual(["JCS-2026-000001"]);
    expect(page).not.toHaveProperty("modelNumbers");
    expect(page).not.toHaveProperty("vulnerabilityContact");
    expect(page).not.toHaveProperty("updateProcedure");

    await putPublication(deps, ctx, productId, publication(1, "cam"));
    const full = await labelPageView(t.db, "JCS-2026-000001", clock);
    expect(full?.info).toMatchObject({
      modelNumbers: ["M_1"],
      vulnerabilityContact: "psirt@example.jp",
      updateProcedure: { ja: "手順", en: "Steps" },
      latestFirmware: null,
    });
    expect(full?.productPage).toBe("/p/cam");

    await putPublication(deps, ctx, productId, { ...publication(2, "cam"), published: false });
    expect(await productPageView(t.db, "cam", clock)).toBeNull();
    expect((await labelPageView(t.db, "JCS-2026-000001", clock))?.info).toBeNull();
    const audit = await t.db
      .selectFrom("audit_entries")
      .select("action")
      .where("action", "=", "publication.update")
      .execute();
    expect(audit).toHaveLength(3);
  });
});
