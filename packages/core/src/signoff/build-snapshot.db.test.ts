import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setCriterionResult } from "../assessment/set-result.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { fillApplicationForm } from "../forms/fill-form.test-helper.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { buildAssessmentSnapshot } from "./build-snapshot.ts";
import { readyProduct } from "./ready-product.test-helper.ts";

describe.each(testDialects())("assessment snapshot on %s", (dialect) => {
  let t: TestDb;
  let deps: CoreDeps;
  let ctx: RequestContext;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const now = () => new Date("2026-11-26T00:00:00Z");
    deps = { db: t.db, catalog: loadCatalog(), now };
    const org = await createOrganisation(t.db, "株式会社テスト", now());
    ctx = { orgId: org.id, actor: { id: null, name: "test" }, lang: "ja" };
  });
  afterAll(async () => t?.dispose());

  it("captures organisation, product, model numbers, route, criteria, evidence, device tests and readiness", async () => {
    const { product, doc, rec, assessmentId } = await readyProduct(deps, ctx);
    await fillApplicationForm(deps, ctx, product.id);
    const s = await buildAssessmentSnapshot(deps, ctx, product.id);
    expect(s.organisation.name).toBe("株式会社テスト");
    expect(s.product.modelNumbers).toEqual(["CAM-100-A", "CAM-100-B"]);
    expect(s.catalog.version).toBe("star1-2025.05.05");
    expect(s.route).toBe("standard");
    expect(s.criteria).toHaveLength(16);
    expect(s.readiness.ready).toBe(true);
    const c15 = s.criteria.find((c) => c.id === "S1.1-15");
    expect(c15?.state).toBe("not_applicable");
    expect(c15?.naReason).toBe("利用者データを保持しないため。");
    const docRef = s.criteria.flatMap((c) => c.evidence).find((e) => e.id === doc.id);
    expect(docRef?.document).toMatchObject({
      documentNumber: "SD-100",
      documentVersion: "1.2",
      location: "第4章 4.2節",
    });
    expect(s.deviceTests).toHaveLength(1);
    expect(s.deviceTests[0]?.evidenceId).toBe(rec.id);
    expect(s.deviceTests[0]?.criteria.length).toBeGreaterThan(1);

    // The PSTI route deems S1.1-02/05/16 met.
    const psti = await buildAssessmentSnapshot(deps, ctx, product.id, { route: "psti" });
    expect(psti.criteria.filter((c) => c.deemedMet).map((c) => c.id)).toEqual([
      "S1.1-02",
      "S1.1-05",
      "S1.1-16",
    ]);

    // A change shows in the next snapshot.
    await setCriterionResult(deps, ctx, assessmentId, "S1.1-09", { state: "non_conformant", version: 2 });
    const after = await buildAssessmentSnapshot(deps, ctx, product.id);
    expect(after.readiness.ready).toBe(false);
    expect(after.readiness.blockers.map((b) => b.code)).toEqual(["NON_CONFORMANT"]);
  });
});
