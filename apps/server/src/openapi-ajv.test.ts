import { makeReadyProduct } from "@jcstar/core/application/ready-product.testing";
import Ajv2020 from "ajv/dist/2020.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OPENAPI_PATH } from "./app.ts";
import { json, openTestApp, type TestApp, type TestUser } from "./test-app.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Found = { pointer: string; value: Json; parent: { [key: string]: Json } };

/** Every `key` in the document with the JSON pointer of the object holding it. */
function findKeys(node: Json, key: string, pointer = ""): Found[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => findKeys(v, key, `${pointer}/${i}`));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([k, v]) => [
    ...(k === key ? [{ pointer, value: v, parent: node }] : []),
    ...findKeys(v, key, `${pointer}/${pointerSegment(k)}`),
  ]);
}

/** A JSON pointer segment inside a URI fragment (what ajv's getSchema takes). */
function pointerSegment(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, "~0").replace(/\//g, "~1"));
}

/** Validators for the document's schemas as other tools read them: JSON Schema 2020-12 (OpenAPI 3.1), ajv's own
 * RegExp mode (/u) — formats and the OpenAPI-only keywords (`example`) are not what this checks. */
function documentValidator(doc: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(doc as object, "oas");
  return (pointer: string, value: unknown): string | null => {
    const validate = ajv.getSchema(`oas#${pointer}`);
    if (!validate) return `no schema at ${pointer}`;
    return validate(value)
      ? null
      : `${pointer}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(value)}`;
  };
}

describe("OpenAPI document read by ajv", () => {
  let t: TestApp;
  let doc: Json;
  let check: ReturnType<typeof documentValidator>;
  beforeAll(async () => {
    t = await openTestApp("sqlite");
    doc = (await (await t.app.request(OPENAPI_PATH)).json()) as Json;
    expect((doc as { openapi: string }).openapi).toBe("3.1.0");
    check = documentValidator(doc);
  });
  afterAll(async () => t?.close());

  it("has every pattern as a flag-free ECMA-262 regex that ajv compiles", () => {
    const patterns = findKeys(doc, "pattern").filter((f) => typeof f.value === "string");
    expect(patterns.length).toBeGreaterThan(10);
    const bad = patterns.flatMap(({ pointer, value }) => {
      const p = value as string;
      const problems = [
        // zod-to-openapi writes a regex literal's flags after its source: `…$/u`, `…/i`.
        /(^|[^\\])\/[dgimsuvy]+$/.test(p) && "ends in regex flags",
        // Without /u, \p{…} is a literal "p{…}"; lookbehind and named groups are outside JSON Schema's dialect.
        /\\[pP]\{/.test(p) && "uses \\p{…} (needs /u)",
        /\(\?<[=!]|\(\?<\w|\\k</.test(p) && "uses lookbehind or named groups",
      ].filter(Boolean);
      try {
        new RegExp(p);
        new RegExp(p, "u"); // ajv's default mode
      } catch (e) {
        problems.push(String(e));
      }
      return problems.map((why) => `${pointer}: ${why}: ${p.slice(0, 80)}`);
    });
    expect(bad).toEqual([]);
    const ajv = new Ajv2020({ strict: false });
    for (const { value } of patterns)
      expect(() => ajv.compile({ type: "string", pattern: value })).not.toThrow();
  });

  it("validates every documented example against its schema", () => {
    const examples = [
      ...findKeys(doc, "example").map((f) => ({ ...f, values: [f.value] })),
      ...findKeys(doc, "examples").map((f) => ({
        ...f,
        values: Array.isArray(f.value)
          ? f.value
          : Object.values(f.value as Record<string, { value: Json }>).map((e) => e.value),
      })),
    ];
    expect(examples.length).toBeGreaterThan(10);
    const failures = examples.flatMap(({ pointer, parent, values }) =>
      // A parameter's or media type's example is of its `schema`; a schema's example is of the schema itself.
      values.map((v) => check("schema" in parent ? `${pointer}/schema` : pointer, v)),
    );
    expect(failures.filter(Boolean)).toEqual([]);
    // The patterns this document used to get wrong carry examples.
    const documented = examples.map((e) => e.values[0]);
    expect(documented).toEqual(expect.arrayContaining(["CAM-100", "pkg:npm/lodash@4.17.21", "JC-2026-0001"]));
  });

  describe("real requests and responses", () => {
    let editor: TestUser;
    const failures: string[] = [];
    beforeAll(async () => {
      editor = await t.user("editor");
    });
    beforeEach(() => {
      failures.length = 0;
    });

    /**
     * Calls the app and checks the JSON request body (`valid`: whether the document accepts it, as the server
     * should) and the JSON response body against the documented schemas.
     */
    async function call(
      method: string,
      template: string,
      params: Record<string, string>,
      body?: unknown,
      valid = true,
    ) {
      const op = `/paths/${pointerSegment(template)}/${method}`;
      if (body !== undefined) {
        const error = check(`${op}/requestBody/content/${pointerSegment("application/json")}/schema`, body);
        if ((error === null) !== valid)
          failures.push(`${valid ? "rejected" : "accepted"}: ${error ?? JSON.stringify(body)}`);
      }
      const url = template.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? `missing-${k}`);
      const init =
        body === undefined ? { headers: editor.headers } : json(method.toUpperCase(), body, editor.headers);
      const res = await t.app.request(url, init);
      const got = (await res.json()) as Record<string, unknown>;
      failures.push(
        check(`${op}/responses/${res.status}/content/${pointerSegment("application/json")}/schema`, got) ??
          "",
      );
      return { status: res.status, body: got };
    }

    it("match the document: products and model numbers, releases, components with purls, evidence, assessments, applications", async () => {
      const product = await call(
        "post",
        "/api/products",
        {},
        {
          name: "見守りカメラ",
          category: "camera",
          modelNumbers: ["CAM-100", "cam-100/b", "カメラ-２００", "ＡＢＣ(1)#2", "Ab+c_d.e"],
        },
      );
      expect(product.status).toBe(201);
      const productId = String(product.body.id);
      expect(
        (
          await call(
            "post",
            "/api/products/{productId}/model-numbers",
            { productId },
            { modelNumber: "CAM-300 改" },
          )
        ).status,
      ).toBe(201);
      expect(
        (
          await call(
            "post",
            "/api/products/{productId}/model-numbers",
            { productId },
            { modelNumber: "-CAM" },
            false,
          )
        ).status,
      ).toBe(400);
      await call("get", "/api/products/{productId}", { productId });
      await call("get", "/api/products/{productId}/model-numbers", { productId });
      const release = await call(
        "post",
        "/api/products/{productId}/releases",
        { productId },
        { version: "1.0.0", releasedOn: "2026-11-01" },
      );
      expect(release.status).toBe(201);
      const releaseId = String(release.body.id);
      for (const purl of [
        "pkg:npm/lodash@4.17.21",
        "PKG:Maven/org.apache/log4j@2.17.1",
        "pkg:deb/debian/openssl@3.0.11",
      ]) {
        const c = await call(
          "post",
          "/api/products/{productId}/components",
          { productId },
          { name: purl, oss: true, purl, releaseId },
        );
        expect(c.status, purl).toBe(201);
      }
      expect(
        (
          await call(
            "post",
            "/api/products/{productId}/components",
            { productId },
            { name: "x", oss: true, purl: "npm/x" },
            false,
          )
        ).status,
      ).toBe(400);
      await call("get", "/api/releases/{releaseId}/components", { releaseId });
      const evidence = await call(
        "post",
        "/api/evidence",
        {},
        { type: "document", documentName: "脆弱性開示ポリシー", documentVersion: "1.0", location: "第3章" },
      );
      expect(evidence.status, JSON.stringify(evidence.body)).toBe(201);
      const assessment = await call("post", "/api/products/{productId}/assessments", { productId }, {});
      expect(assessment.status).toBe(201);
      const assessmentId = String(assessment.body.id);
      await call("get", "/api/assessments/{assessmentId}", { assessmentId });
      await call("get", "/api/assessments/{assessmentId}/readiness", { assessmentId });
      const linked = await call(
        "post",
        "/api/assessments/{assessmentId}/results/{criterionId}/evidence",
        { assessmentId, criterionId: "S1.1-04" },
        { evidenceId: String(evidence.body.id) },
      );
      expect(linked.status).toBe(200);
      const application = await call(
        "post",
        "/api/applications",
        {},
        { productId, channel: "ipa", modelNumbers: ["CAM-100", "カメラ-２００"] },
      );
      expect(application.status, JSON.stringify(application.body)).toBe(201);
      const applicationId = String(application.body.id);
      const version = Number(application.body.version);
      expect(
        (
          await call(
            "patch",
            "/api/applications/{applicationId}",
            { applicationId },
            { version, modelNumbers: ["CAM-100"] },
          )
        ).status,
      ).toBe(200);
      await call("get", "/api/applications/{applicationId}", { applicationId });
      await call("get", "/api/applications", {});
      expect(failures.filter(Boolean)).toEqual([]);
    });

    it("match the document: application steps with an application number", async () => {
      const ctx = { orgId: t.orgId, actor: { id: null, name: "Setup" }, lang: "en" as const };
      const { product } = await makeReadyProduct(t.deps, ctx, { name: "CAM-500" });
      const created = await call("post", "/api/applications", {}, { productId: product.id, channel: "ipa" });
      expect(created.status).toBe(201);
      const applicationId = String(created.body.id);
      let version = Number(created.body.version);
      for (const step of [
        { action: "mark_ready" },
        { action: "request_number" },
        { action: "record_number", applicationNumber: "申請-2026/0001(A)" },
      ]) {
        const res = await call(
          "post",
          "/api/applications/{applicationId}/transitions",
          { applicationId },
          { ...step, version },
        );
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        version = Number(res.body.version);
      }
      const bad = { action: "submit", version, applicationNumber: "+1" };
      expect(
        (await call("post", "/api/applications/{applicationId}/transitions", { applicationId }, bad, false))
          .status,
      ).toBe(400);
      expect(failures.filter(Boolean)).toEqual([]);
    });
  });
});
