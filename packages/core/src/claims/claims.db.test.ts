import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApplication, getApplication } from "../application/application.ts";
import { makeReadyProduct } from "../application/ready-product.testing.ts";
import { transitionApplication } from "../application/transition.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { FULL_INPUTS } from "../documents/full-inputs.test-helper.ts";
import { updateDocumentInputs } from "../documents/inputs-store.ts";
import { AppError } from "../errors/app-error.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { checkProductClaims } from "./product-claims.ts";

describe.each(testDialects())("claims checked against the product's application on %s", (dialect) => {
  let t: TestDb;
  let deps: CoreDeps;
  let ctx: RequestContext;
  const clock = new Date("2026-11-02T09:00:00Z");

  beforeAll(async () => {
    t = await openTestDb(dialect);
    deps = { db: t.db, catalog: loadCatalog(), now: () => clock, publicUrl: "https://jcstar.example.jp" };
    const org = await createOrganisation(t.db, "Maker KK", clock);
    ctx = { orgId: org.id, actor: { id: null, name: "Maker A" }, lang: "en" };
  });
  afterAll(async () => t?.dispose());

  async function step(id: string, action: string, more: Record<string, unknown> = {}) {
    const current = await getApplication(deps, ctx, id);
    return transitionApplication(deps, ctx, id, { action, version: current.version, ...more });
  }
  const rules = async (productId: string, text: string) =>
    (await checkProductClaims(deps, ctx, productId, { text })).findings.map((f) => f.ruleId);

  it("takes the acceptance number, registration number, expiry and labelled models from the application", async () => {
    const { product } = await makeReadyProduct(deps, ctx, { modelNumbers: ["X100", "X200"] });
    const pending = "JC-STAR★1を申請中です。";
    expect(await rules(product.id, pending)).toEqual(["no-claims-before-acceptance"]);

    const app = await createApplication(deps, ctx, { productId: product.id, modelNumbers: ["X100"] });
    for (const action of ["mark_ready", "request_number"]) await step(app.id, action);
    await step(app.id, "record_number", { applicationNumber: "申請-0042" });
    await step(app.id, "submit");
    expect(await rules(product.id, pending)).toEqual(["no-claims-before-acceptance"]);
    await step(app.id, "accept", { acceptanceNumber: "受理-7" });
    expect(await rules(product.id, pending)).toEqual([]);
    expect(await rules(product.id, "本製品はJC-STAR★1を取得済みです。")).toEqual([
      "label-claim-needs-valid-label",
    ]);

    await step(app.id, "invoice_fee");
    await step(app.id, "pay_fee");
    await step(app.id, "issue_label", {
      registrationNumber: "JC-STAR ★1 第0001号",
      labelExpiresOn: "2028-06-30",
    });
    const check = await checkProductClaims(deps, ctx, product.id, {
      text: "本製品はJC-STAR★1を取得済みです（登録番号: JC-STAR ★1 第0001号、有効期限2028年6月30日）。X200もJC-STAR★1適合製品です。有効期限は2028年11月2日です。",
    });
    expect(check.applicationId).toBe(app.id);
    expect(check.context).toMatchObject({
      acceptanceNumber: "受理-7",
      registrationNumber: "JC-STAR ★1 第0001号",
      labelStatus: "valid",
      labelExpiresOn: "2028-06-30",
      labelledModels: ["X100"],
      productModels: ["X100", "X200"],
    });
    expect(check.findings.map((f) => [f.ruleId, f.match.text])).toEqual([
      ["only-labelled-models", "X200"],
      ["expiry-as-recorded", "2028年11月2日"],
    ]);
  });

  it("checks the generated user information document, and finds nothing wrong in it", async () => {
    const { product } = await makeReadyProduct(deps, ctx);
    await updateDocumentInputs(deps, ctx, product.id, { version: 0, data: FULL_INPUTS });
    for (const lang of ["ja", "en"] as const) {
      const check = await checkProductClaims(deps, ctx, product.id, {
        document: "user-security-information",
        lang,
      });
      expect(check.document).toBe("user-security-information");
      expect(check.text.length).toBeGreaterThan(200);
      expect(check.findings).toEqual([]);
    }
  });

  it("refuses an empty or over-long text, an unknown document and another organisation's product", async () => {
    const { product } = await makeReadyProduct(deps, ctx);
    for (const body of [{ text: "" }, { text: "a".repeat(20_001) }, { document: "nope", lang: "ja" }, {}]) {
      await expect(checkProductClaims(deps, ctx, product.id, body)).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
      });
    }
    const other = await createOrganisation(t.db, "Other KK", clock);
    const otherCtx = { ...ctx, orgId: other.id };
    await expect(checkProductClaims(deps, otherCtx, product.id, { text: "x" })).rejects.toBeInstanceOf(
      AppError,
    );
  });
});
