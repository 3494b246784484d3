import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { createProduct } from "../product/product.ts";
import { getApplicationForm, saveApplicationForm } from "./application-form.ts";
import { applicationFormDefinition } from "./form-definition.ts";

describe.each(testDialects())("application form input on %s", (dialect) => {
  let t: TestDb;
  let deps: CoreDeps;
  let ctx: RequestContext;
  const clock = new Date("2026-12-04T00:00:00Z");

  beforeAll(async () => {
    t = await openTestDb(dialect);
    deps = { db: t.db, catalog: loadCatalog(), now: () => clock };
    const org = await createOrganisation(t.db, "株式会社入力", clock);
    ctx = { orgId: org.id, actor: { id: null, name: "test" }, lang: "ja" };
  });
  afterAll(async () => t?.dispose());

  const newProduct = (name: string) => createProduct(deps, ctx, { name, category: "camera" });

  it("stores postal codes as NNN-NNNN however they were typed, and refuses what is not one", async () => {
    for (const [typed, stored] of [
      ["〒100-0001", "100-0001"],
      ["1000001", "100-0001"],
      ["１００－０００１", "100-0001"],
    ] as const) {
      const product = await newProduct(`郵便 ${typed}`);
      const saved = await saveApplicationForm(deps, ctx, product.id, {
        version: 0,
        values: { postalCode: typed },
      });
      expect(saved.fields.find((f) => f.id === "postalCode")?.value, typed).toBe(stored);
    }
    const product = await newProduct("郵便 不正");
    const bad = await saveApplicationForm(deps, ctx, product.id, {
      version: 0,
      values: { postalCode: "100-001" },
    }).catch((e: { code: string; details: { path: string }[] }) => e);
    expect(bad).toMatchObject({ code: "VALIDATION_FAILED", details: [{ path: "values.postalCode" }] });
    const view = await getApplicationForm(deps, ctx, product.id);
    expect(view.fields.find((f) => f.id === "postalCode")?.input).toBe("postalCode");
  });

  it("starts what IPA's product page shows as published, with a note; a saved choice stays", async () => {
    const product = await newProduct("公開の初期値");
    const fresh = await getApplicationForm(deps, ctx, product.id);
    const publish = (view: typeof fresh, id: string) => view.fields.find((f) => f.id === id)?.publish;
    const def = applicationFormDefinition();
    for (const f of def.fields.filter((x) => x.publishable))
      expect(publish(fresh, f.id), f.id).toBe(f.publishDefault === true);
    expect(publish(fresh, "makerName")).toBe(true);
    expect(publish(fresh, "contactEmail")).toBe(true);
    expect(publish(fresh, "address")).toBe(false);
    expect(publish(fresh, "postalCode")).toBe(false); // not publishable at all
    expect(fresh.publishNote.ja).toContain("IPA");
    expect(fresh.publishNote.en).toContain("IPA");

    const saved = await saveApplicationForm(deps, ctx, product.id, {
      version: 0,
      values: {},
      publish: { makerName: false, address: true },
    });
    expect(publish(saved, "makerName")).toBe(false);
    expect(publish(saved, "address")).toBe(true);
    expect(publish(saved, "contactEmail")).toBe(true);
  });
});
