import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setCriterionResult } from "../assessment/set-result.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { createEvidence } from "../evidence/evidence.ts";
import { getApplicationForm, saveApplicationForm } from "../forms/application-form.ts";
import { fillApplicationForm } from "../forms/fill-form.test-helper.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { packageStatus } from "../package/package-history.ts";
import { createProduct, updateProduct } from "../product/product.ts";
import { loadReadiness } from "../readiness/load-readiness-input.ts";
import { readyProduct } from "./ready-product.test-helper.ts";
import { currentSignoff, getSignoff, listSignoffs, signOff, signoffStatus } from "./signoff.ts";

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe.each(testDialects())("application form and sign-off on %s", (dialect) => {
  let t: TestDb;
  let deps: CoreDeps;
  let ctx: RequestContext;
  let clock = new Date("2026-11-26T00:00:00Z");

  beforeAll(async () => {
    t = await openTestDb(dialect);
    deps = { db: t.db, catalog: loadCatalog(), now: () => clock };
    const org = await createOrganisation(t.db, "株式会社テスト", clock);
    ctx = { orgId: org.id, actor: { id: null, name: "test" }, lang: "ja" };
  });
  afterAll(async () => t?.dispose());

  it("turns missing application items into APPLICATION_FIELD_MISSING blockers, saves with an optimistic version", async () => {
    const { product } = await readyProduct(deps, ctx, { name: "フォーム製品" });
    const empty = await getApplicationForm(deps, ctx, product.id);
    expect(empty.version).toBe(0);
    expect(empty.fields.find((f) => f.id === "makerName")?.value).toBe("株式会社テスト");
    expect(empty.fields.find((f) => f.id === "modelNumbers")?.value).toBe("CAM-100-A\nCAM-100-B");
    expect(empty.fields.find((f) => f.id === "starLevel")?.value).toBe("1");
    const blocked = (await loadReadiness(deps, ctx, { productId: product.id })).readiness;
    expect(blocked.ready).toBe(false);
    const codes = new Set(blocked.blockers.map((b) => b.code));
    expect([...codes]).toEqual(["APPLICATION_FIELD_MISSING"]);
    expect(blocked.blockers.some((b) => b.message.ja.includes("郵便番号"))).toBe(true);
    // Without a corporate number, form 2-1 asks for proof of corporate status.
    expect(empty.confirmations.find((c) => c.id === "corporateProof")?.applies).toBe(true);

    const bad = await errorOf(
      saveApplicationForm(deps, ctx, product.id, {
        version: 0,
        values: { postalCode: "abc", productName: "x" },
      }),
    );
    expect(bad.code).toBe("VALIDATION_FAILED");
    expect(bad.details.map((d) => d.path).sort()).toEqual(["values.postalCode", "values.productName"]);

    const filled = await fillApplicationForm(deps, ctx, product.id);
    expect(filled.version).toBe(1);
    expect(filled.missing).toEqual([]);
    expect(filled.confirmations.find((c) => c.id === "corporateProof")?.applies).toBe(false);
    expect((await loadReadiness(deps, ctx, { productId: product.id })).readiness.ready).toBe(true);
    // A proxy makes the power-of-attorney items required.
    const stale = await errorOf(saveApplicationForm(deps, ctx, product.id, { version: 0, proxy: true }));
    expect(stale.code).toBe("VERSION_CONFLICT");
    const withProxy = await saveApplicationForm(deps, ctx, product.id, {
      version: 1,
      proxy: true,
      values: Object.fromEntries(filled.fields.filter((f) => !f.derived).map((f) => [f.id, f.value])),
      confirmations: Object.fromEntries(filled.confirmations.map((c) => [c.id, true])),
    });
    expect(withProxy.version).toBe(2);
    expect(withProxy.missing.map((m) => m.field)).toContain("agentName");
  });

  it("refuses to sign while not ready, freezes the snapshot, later edits do not change it, a newer sign-off supersedes", async () => {
    const { product, assessmentId, doc } = await readyProduct(deps, ctx);
    const notReady = await errorOf(
      signOff(deps, ctx, product.id, { signerName: "山田 太郎", signerTitle: "代表取締役" }),
    );
    expect(notReady.code).toBe("NOT_READY");
    expect(notReady.status).toBe(422);
    expect(notReady.details.some((d) => d.path === "application.APPLICATION_FIELD_MISSING")).toBe(true);
    await fillApplicationForm(deps, ctx, product.id);

    clock = new Date("2026-11-26T01:00:00Z");
    const first = await signOff(deps, ctx, product.id, {
      signerName: "山田 太郎",
      signerTitle: "代表取締役",
    });
    expect(first.signedAt).toBe("2026-11-26T01:00:00.000Z");
    expect(first.snapshot.readiness.ready).toBe(true);
    expect(first.snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
    const audit = await t.db
      .selectFrom("audit_entries")
      .selectAll()
      .where("entity_id", "=", first.id)
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe("signoff.signed");
    expect(JSON.parse(audit.data).snapshotSha256).toBe(first.snapshotSha256);
    expect((await signoffStatus(deps, ctx, product.id)).changedSinceSignOff).toBe(false);

    // Later edits: a result, the evidence's product, the product name.
    await setCriterionResult(deps, ctx, assessmentId, "S1.1-09", { state: "non_conformant", version: 2 });
    await updateProduct(deps, ctx, product.id, { version: 1, name: "改名後" });
    await createEvidence(deps, ctx, { type: "document", documentName: "新文書", location: "p.1" });
    const again = await getSignoff(deps, ctx, first.id);
    expect(again.snapshotSha256).toBe(first.snapshotSha256);
    expect(again.snapshot).toEqual(first.snapshot);
    expect(again.snapshot.product.name).toBe("スマートカメラ CAM-100");
    expect(again.snapshot.criteria.find((c) => c.id === "S1.1-09")?.state).toBe("conformant");
    expect(again.snapshot.criteria.flatMap((c) => c.evidence).some((e) => e.id === doc.id)).toBe(true);
    const status = await signoffStatus(deps, ctx, product.id);
    expect(status.changedSinceSignOff).toBe(true);
    expect(status.current?.id).toBe(first.id);
    // Not ready now: no new sign-off.
    expect((await errorOf(signOff(deps, ctx, product.id, { signerName: "x", signerTitle: "y" }))).code).toBe(
      "NOT_READY",
    );

    await setCriterionResult(deps, ctx, assessmentId, "S1.1-09", {
      state: "conformant",
      version: 3,
      linkEvidenceIds: [doc.id],
    });
    clock = new Date("2026-11-26T02:00:00Z");
    const second = await signOff(deps, ctx, product.id, {
      signerName: "山田 太郎",
      signerTitle: "代表取締役",
      route: "psti",
    });
    expect(second.snapshot.route).toBe("psti");
    expect(second.snapshot.product.name).toBe("改名後");
    const history = await listSignoffs(deps, ctx, product.id);
    expect(history.map((s) => s.id)).toEqual([second.id, first.id]);
    expect(history[1]?.supersededBy).toBe(second.id);
    expect((await currentSignoff(deps, ctx, product.id))?.id).toBe(second.id);

    // Tampering with the stored JSON is detected.
    await t.db
      .updateTable("signoffs")
      .set({ snapshot: JSON.stringify({ ...first.snapshot, route: "psti" }) })
      .where("id", "=", first.id)
      .execute();
    expect((await errorOf(getSignoff(deps, ctx, first.id))).code).toBe("SNAPSHOT_TAMPERED");
  });

  it("gives a product without an assessment 16 NOT_ASSESSED blockers, not an error", async () => {
    const product = await createProduct(deps, ctx, { name: "未評価製品", category: "sensor" });
    const r = (await loadReadiness(deps, ctx, { productId: product.id })).readiness;
    expect(r.ready).toBe(false);
    expect(r.blockers.filter((b) => b.code === "NOT_ASSESSED")).toHaveLength(16);
    const status = await packageStatus(deps, ctx, product.id);
    expect(status.canBuild).toBe(false);
    expect(status.signoff.current).toBeNull();
    expect((await errorOf(signOff(deps, ctx, product.id, { signerName: "a", signerTitle: "b" }))).code).toBe(
      "NOT_READY",
    );
  });

  it("refuses a signer who is not an owner", async () => {
    const { product } = await readyProduct(deps, ctx, { name: "権限テスト" });
    await fillApplicationForm(deps, ctx, product.id);
    const editorCtx = { ...ctx, actor: { id: "usr_not_member", name: "x" } };
    expect(
      (await errorOf(signOff(deps, editorCtx, product.id, { signerName: "a", signerTitle: "b" }))).code,
    ).toBe("FORBIDDEN");
  });
});
