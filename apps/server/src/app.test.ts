import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  SEVERITY_ORDER,
  severityRank,
  VEX_JUSTIFICATIONS,
} from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp } from "./test-app.ts";

type ErrorJson = { error: { code: string; message: string; details: { path: string; message: string }[] } };

describe.each(testDialects())("HTTP API on %s", (dialect) => {
  let t: TestApp;
  let auth: Record<string, string>;
  beforeAll(async () => {
    t = await openTestApp(dialect);
    auth = (await t.user("editor")).headers;
  });
  afterAll(async () => t?.close());

  const req = (path: string, init: RequestInit = {}) =>
    t.app.request(path, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });

  it("answers health and serves the criteria in ja and en", async () => {
    const health = await req("/api/health");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const criteria = (await (await req("/api/criteria")).json()) as {
      id: string;
      title: { ja: string; en: string };
    }[];
    expect(criteria).toHaveLength(16);
    expect(criteria[3]?.id).toBe("S1.1-04");
    const versions = (await (await req("/api/catalog/versions")).json()) as {
      version: string;
      latest: boolean;
    }[];
    expect(versions).toEqual([expect.objectContaining({ version: "star1-2025.05.05", latest: true })]);
    const missing = await req("/api/catalog/versions/star9/criteria?lang=en");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorJson).error).toMatchObject({ code: "UNKNOWN_CATALOG_VERSION" });
  });

  it("serves the rules the web checks, without sign-in, as core defines them", async () => {
    const res = await t.app.request("/api/rules");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      password: { minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH },
      severities: ["critical", "high", "medium", "low", "none", "unknown"],
      vexJustifications: [...VEX_JUSTIFICATIONS],
    });
    // The order is the one findings are sorted in: severityRank descending, unknown last.
    const ranked = [...SEVERITY_ORDER].sort((a, b) => severityRank(b) - severityRank(a));
    expect(ranked).toEqual([...SEVERITY_ORDER]);
  });

  it("takes a product from registration to ready, with the reasons shown on the way", async () => {
    const created = await req(
      "/api/products",
      json("POST", {
        name: "CAM-100",
        category: "camera",
        modelNumbers: ["CAM-100", "CAM-100W"],
        supportEndDate: "2030-03-31",
      }),
    );
    expect(created.status).toBe(201);
    const product = (await created.json()) as { id: string };
    const started = await req(`/api/products/${product.id}/assessments`, json("POST", {}));
    expect(started.status).toBe(201);
    const assessment = (await started.json()) as {
      id: string;
      readiness: { ready: boolean; counts: { blocked: number } };
    };
    expect(assessment.readiness).toMatchObject({ ready: false, counts: { blocked: 16 } });

    const doc = (await (
      await req(
        "/api/evidence",
        json("POST", {
          type: "document",
          documentName: "取扱説明書",
          documentNumber: "MAN-1",
          location: "第5章",
        }),
      )
    ).json()) as { id: string };
    const rec = (await (
      await req(
        "/api/evidence",
        json("POST", {
          type: "device_test",
          recordName: "probe.json",
          resultSummary: "PASS",
          testedOn: "2026-11-25",
          tester: "田中",
        }),
      )
    ).json()) as { id: string };
    const criteria = (await (await req("/api/criteria")).json()) as { id: string; method: string }[];
    for (const c of criteria) {
      const evidenceIds =
        c.method === "document" ? [doc.id] : c.method === "device" ? [rec.id] : [doc.id, rec.id];
      const res = await req(
        `/api/assessments/${assessment.id}/results/${c.id}`,
        json("PUT", { state: "conformant", version: 1, linkEvidenceIds: evidenceIds }),
      );
      expect(res.status, c.id).toBe(200);
    }
    // Readiness is the product's: blocked by the application form's empty required items until they are filled.
    const formBlocked = (await (await req(`/api/assessments/${assessment.id}/readiness`)).json()) as {
      blockers: { code: string }[];
    };
    expect(new Set(formBlocked.blockers.map((b) => b.code))).toEqual(new Set(["APPLICATION_FIELD_MISSING"]));
    const form = (await (await req(`/api/products/${product.id}/application-form`)).json()) as {
      version: number;
      confirmations: { id: string }[];
    };
    const values = {
      postalCode: "100-0001",
      address: "東京都千代田区千代田1-1",
      representativeTitle: "代表取締役",
      representativeName: "山田 太郎",
      contactDepartment: "品質保証部",
      contactName: "佐藤 花子",
      contactEmail: "security@example.jp",
      contactPhone: "03-1234-5678",
    };
    const confirmations = Object.fromEntries(form.confirmations.map((c) => [c.id, true]));
    const saved = await req(
      `/api/products/${product.id}/application-form`,
      json("PUT", { version: form.version, values, publish: {}, confirmations, proxy: false }),
    );
    expect(saved.status).toBe(200);
    const readiness = await req(`/api/assessments/${assessment.id}/readiness`);
    expect(((await readiness.json()) as { ready: boolean }).ready).toBe(true);

    // A stale writer gets 409 and the error says why, in Japanese by default.
    const stale = await req(
      `/api/assessments/${assessment.id}/results/S1.1-09`,
      json("PUT", { state: "non_conformant", version: 1 }),
    );
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as ErrorJson;
    expect(body.error.code).toBe("VERSION_CONFLICT");
    expect(body.error.message).toMatch(/再読み込み/);
    // The same assessment on the PSTI route.
    const psti = (await (await req(`/api/assessments/${assessment.id}?route=psti`)).json()) as {
      readiness: { counts: { deemedMet: number } };
    };
    expect(psti.readiness.counts.deemedMet).toBe(3);
  });

  it("refuses a verdict that breaks the rules with 422 and field details, and writes nothing", async () => {
    const product = (await (
      await req("/api/products", json("POST", { name: "S", category: "sensor" }))
    ).json()) as { id: string };
    const a = (await (await req(`/api/products/${product.id}/assessments`, json("POST", {}))).json()) as {
      id: string;
    };
    const na = await req(
      `/api/assessments/${a.id}/results/S1.1-05`,
      json(
        "PUT",
        { state: "not_applicable", naReason: "no", version: 1 },
        { "accept-language": "en-US,en;q=0.9" },
      ),
    );
    expect(na.status).toBe(422);
    expect(((await na.json()) as ErrorJson).error).toMatchObject({
      code: "NA_NOT_ALLOWED",
      message: "S1.1-05 cannot be marked not applicable.",
    });
    const conf = await req(
      `/api/assessments/${a.id}/results/S1.1-13?lang=ja`,
      json("PUT", { state: "conformant", version: 1 }),
    );
    expect(conf.status).toBe(422);
    const details = ((await conf.json()) as ErrorJson).error.details;
    expect(details.map((d) => d.path)).toEqual(["linkEvidenceIds", "linkEvidenceIds"]);
    expect(details[0]?.message).toMatch(/証跡/);
    const view = (await (await req(`/api/assessments/${a.id}`)).json()) as { results: { version: number }[] };
    expect(view.results.every((r) => r.version === 1)).toBe(true);
    const unknown = await req(
      `/api/assessments/${a.id}/results/S1.1-77`,
      json("PUT", { state: "conformant", version: 1 }),
    );
    expect(unknown.status).toBe(404);
  });

  it("answers bad input with a 4xx, a code and a clear message — never a stack trace", async () => {
    const malformed = await req("/api/products", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ name: ",
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorJson).error.code).toBe("MALFORMED_JSON");

    const wrongType = await req("/api/products", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "x",
    });
    expect(wrongType.status).toBe(415);
    expect(((await wrongType.json()) as ErrorJson).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");

    const huge = await req("/api/products", json("POST", { name: "x".repeat(100_000), category: "camera" }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as ErrorJson).error.code).toBe("PAYLOAD_TOO_LARGE");

    const invalid = await req(
      "/api/products?lang=en",
      json("POST", { name: "", category: "fridge", extra: true }),
    );
    expect(invalid.status).toBe(400);
    const err = ((await invalid.json()) as ErrorJson).error;
    expect(err.code).toBe("VALIDATION_FAILED");
    expect(err.details).toEqual(
      expect.arrayContaining([
        { path: "name", message: "Must be at least 1 characters." },
        expect.objectContaining({ path: "category" }),
        { path: "", message: "Unknown field(s): extra" },
      ]),
    );

    const notFound = await req("/api/products/prd_nope");
    expect(notFound.status).toBe(404);
    expect(((await notFound.json()) as ErrorJson).error.message).toBe("製品 prd_nope は見つかりません。");
    const noRoute = await req("/api/nothing-here");
    expect(noRoute.status).toBe(404);
    expect(((await noRoute.json()) as ErrorJson).error.code).toBe("ROUTE_NOT_FOUND");

    const products = (await (await req("/api/products")).json()) as { name: string }[];
    expect(products.some((p) => p.name === "" || p.name.startsWith("xxxx"))).toBe(false);
  });

  it("imports model numbers from CSV and sets security headers", async () => {
    const product = (await (
      await req("/api/products", json("POST", { name: "R", category: "router" }))
    ).json()) as { id: string };
    const res = await req(`/api/products/${product.id}/model-numbers/import`, {
      method: "POST",
      headers: { "content-type": "text/csv; charset=utf-8" },
      body: "型番\nRT-1\nRT-2\n",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ added: 2, skipped: [] });
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const wrong = await req(`/api/products/${product.id}/model-numbers/import`, json("POST", ["RT-3"]));
    expect(wrong.status).toBe(415);
    const models = (await (await req(`/api/products/${product.id}/model-numbers`)).json()) as unknown[];
    expect(models).toHaveLength(2);
  });
});
