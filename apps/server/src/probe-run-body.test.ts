import { createProduct } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp } from "./test-app.ts";

const run = {
  tool: "jcstar",
  version: "0.1.0",
  profile: "cam",
  host: "192.0.2.10",
  startedAt: "2026-11-30T10:00:00Z",
  finishedAt: "2026-11-30T10:01:00Z",
  extra: "dropped by the schema",
  results: [
    {
      probe: "brute-force",
      criteria: ["S1.1-02"],
      verdict: "PASS",
      summary: { ja: "ロックされた", en: "locked" },
      findings: { attempts: 12, nested: { list: [1, "二", null, { deep: true }] } },
      units: [{ id: "u1", verdict: "PASS", detail: { ja: "詳細", en: "detail" } }],
      log: [
        { at: "2026-11-30T10:00:01Z", event: "attempt", user: "admin", text: 'quote " and \\ and é 日本' },
        { at: "2026-11-30T10:00:02Z", event: "locked", data: [1, 2, { x: 1e-7 }] },
      ],
      durationMs: 1200,
    },
    {
      probe: "device-info",
      criteria: ["S1.1-10"],
      verdict: "PASS",
      summary: { ja: "機器情報", en: "device info" },
      findings: { model: "SP-1", version: "2.0.1" },
      units: [],
      log: [],
    },
  ],
};

describe.each(testDialects())("probe-run bodies read without building the logs, on %s", (dialect) => {
  let t: TestApp;
  let headers: Record<string, string>;
  let productId: string;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    const editor = await t.user("editor");
    headers = editor.headers;
    const ctx = { orgId: t.orgId, actor: { id: editor.id, name: "E" }, lang: "en" as const };
    productId = (
      await createProduct(t.deps, ctx, { name: "CAM", category: "camera", modelNumbers: ["SP-1"] })
    ).id;
    await t.app.request(`/api/products/${productId}/assessments`, json("POST", {}, headers));
  });
  afterAll(async () => t?.close());

  it("stores the same results JSON as before: logs and findings byte for byte, the schema's fields only", async () => {
    for (const body of [JSON.stringify(run), JSON.stringify(run, null, 3)]) {
      const filed = await t.app.request(`/api/products/${productId}/probe-runs`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body,
      });
      expect(filed.status).toBe(201);
      const { runId } = (await filed.json()) as { runId: string };
      const stored = await t.app.request(`/api/device-runs/${runId}/results`, { headers });
      expect(stored.status).toBe(200);
      const results = (await stored.json()) as typeof run & {
        results: { findings: Record<string, unknown> }[];
      };
      expect(results).not.toHaveProperty("extra");
      expect(results.results[0]?.log).toEqual(run.results[0]?.log);
      expect(results.results[0]?.findings).toEqual(run.results[0]?.findings);
      expect(results.results[0]?.units).toEqual(run.results[0]?.units);
      // The device-info findings are read: the platform's view is added to them.
      expect(results.results[1]?.findings).toMatchObject({ model: "SP-1", version: "2.0.1" });
      expect(results.results[1]?.findings).toHaveProperty("platform");
    }
  });

  it("still judges the shape of logs and findings, with the schema's paths", async () => {
    const bad = structuredClone(run) as unknown as { results: Record<string, unknown>[] };
    (bad.results[0] as Record<string, unknown>).log = [1];
    (bad.results[1] as Record<string, unknown>).findings = [];
    const res = await t.app.request(`/api/products/${productId}/probe-runs`, json("POST", bad, headers));
    expect(res.status).toBe(400);
    const error = ((await res.json()) as { error: { code: string; details: { path: string }[] } }).error;
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.details.map((d) => d.path)).toEqual(
      expect.arrayContaining(["results.0.log.0", "results.1.findings"]),
    );
    const malformed = await t.app.request(`/api/products/${productId}/probe-runs`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(run).slice(0, -2),
    });
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe("MALFORMED_JSON");
  });
});
