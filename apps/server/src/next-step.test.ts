import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp } from "./test-app.ts";

type Step = {
  kind: string;
  assessmentId: string | null;
  blocker: { code: string; criterionId: string } | null;
  openBlockers: number;
  counts: { total: number; ready: number };
};

describe.each(testDialects())("a product's next step over HTTP on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it("starts with the assessment, then names the first open blocker of the readiness", async () => {
    const editor = await t.user("editor");
    const created = await t.app.request(
      "/api/products",
      json("POST", { name: "NEXT", category: "camera" }, editor.headers),
    );
    const product = (await created.json()) as { id: string };
    const next = async () =>
      (await (
        await t.app.request(`/api/products/${product.id}/next-step`, { headers: editor.headers })
      ).json()) as Step;
    const before = await next();
    expect(before).toMatchObject({
      kind: "start_assessment",
      assessmentId: null,
      counts: { total: 16, ready: 0 },
    });

    const started = await t.app.request(
      `/api/products/${product.id}/assessments`,
      json("POST", {}, editor.headers),
    );
    const assessment = (await started.json()) as { id: string; readiness: { blockers: unknown[] } };
    const after = await next();
    expect(after.kind).toBe("fix_criterion");
    expect(after.assessmentId).toBe(assessment.id);
    expect(after.blocker).toMatchObject({ code: "NOT_ASSESSED", criterionId: "S1.1-01" });
    expect(after.openBlockers).toBe(assessment.readiness.blockers.length);
  });

  it("is 404 for another organisation's product", async () => {
    const editor = await t.user("editor");
    const res = await t.app.request("/api/products/prd_missing/next-step", { headers: editor.headers });
    expect(res.status).toBe(404);
  });
});
