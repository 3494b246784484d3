import { createOrganisation } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp, type TestUser } from "./test-app.ts";

describe.each(testDialects())("POST /api/products/{productId}/claims/check on %s", (dialect) => {
  let t: TestApp;
  let viewer: TestUser;
  let productId: string;
  const url = () => `/api/products/${productId}/claims/check`;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    const editor = await t.user("editor");
    viewer = await t.user("viewer");
    const res = await t.app.request(
      "/api/products",
      json("POST", { name: "見守りカメラ", category: "camera", modelNumbers: ["MC-1"] }, editor.headers),
    );
    productId = ((await res.json()) as { id: string }).id;
  });
  afterAll(async () => t?.close());

  it("answers a viewer with each finding, its place, rule and sources", async () => {
    const text = "安心のカメラです。脆弱性は一切ありません。JC-STAR★1 適合予定！";
    const res = await t.app.request(url(), json("POST", { text }, viewer.headers));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      findings: {
        ruleId: string;
        match: { start: number; end: number };
        sources: { confidence: string }[];
      }[];
      context: { acceptanceNumber: string | null };
    };
    expect(body.context.acceptanceNumber).toBeNull();
    expect(body.findings.map((f) => [f.ruleId, text.slice(f.match.start, f.match.end)])).toEqual([
      ["no-vulnerability-free", "脆弱性は一切ありません"],
      ["no-claims-before-acceptance", "適合予定"],
    ]);
    expect(body.findings[0]?.sources[0]?.confidence).toBe("official");
  });

  it("refuses a bad body (400), a body over the size limit (413) and another organisation's member (404)", async () => {
    const bad = await t.app.request(url(), json("POST", { text: 42 }, viewer.headers));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_FAILED");
    const big = await t.app.request(url(), json("POST", { text: "あ".repeat(70_000) }, viewer.headers));
    expect(big.status).toBe(413);
    const other = await createOrganisation(t.db.db, "Other KK", new Date());
    const stranger = await t.user("owner", { orgId: other.id });
    const hidden = await t.app.request(url(), json("POST", { text: "申請中" }, stranger.headers));
    expect(hidden.status).toBe(404);
    const anonymous = await t.app.request(url(), json("POST", { text: "申請中" }, {}));
    expect(anonymous.status).toBe(401);
  });
});
