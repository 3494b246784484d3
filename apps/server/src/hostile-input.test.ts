import { createFirmwareRelease, createProduct } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { ALIAS_BOMB } from "@jcstar/probes/testing/hostile-inputs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp } from "./test-app.ts";

type OpenApi = {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
};
type ErrorJson = { error?: { code?: string } };

const DEEP = 5000;
const HOSTILE_BODIES: Record<string, { body: string; code: string }> = {
  "5,000-level nested arrays": { body: `${"[".repeat(DEEP)}${"]".repeat(DEEP)}`, code: "INPUT_TOO_DEEP" },
  "5,000-level nested objects": {
    body: `${'{"a":'.repeat(DEEP)}1${"}".repeat(DEEP)}`,
    code: "INPUT_TOO_DEEP",
  },
  "nesting inside a plausible body": {
    body: `{"name":"x","category":"camera","description":${"[".repeat(DEEP)}${"]".repeat(DEEP)}}`,
    code: "INPUT_TOO_DEEP",
  },
  "U+0000 in text fields": {
    body: JSON.stringify({ name: "a\u0000b", email: "a\u0000@example.jp", title: "\u0000", tool: "jcstar" }),
    code: "INPUT_NUL_CHARACTER",
  },
  "U+0000 in a key": { body: '{"na\\u0000me":"x"}', code: "INPUT_NUL_CHARACTER" },
};

/** What a write leaves behind: rows in the tables every write touches (audit chain included). */
async function footprint(t: TestApp): Promise<string> {
  const tables = [
    "products",
    "evidence",
    "audit_entries",
    "organisations",
    "users",
    "device_profiles",
  ] as const;
  const counts: number[] = [];
  for (const table of tables) {
    const row = await t.db.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    counts.push(Number(row.n));
  }
  return counts.join(",");
}

describe.each(testDialects())(
  "hostile input on %s: never a 500, always a code, nothing written",
  (dialect) => {
    let t: TestApp;
    let headers: Record<string, string>;
    let productId: string;
    let spec: OpenApi;

    beforeAll(async () => {
      t = await openTestApp(dialect, { maxJsonBytes: 1024 * 1024 });
      const admin = await t.user("owner", { instanceRole: "admin" });
      headers = admin.headers;
      const ctx = { orgId: t.orgId, actor: { id: admin.id, name: "A" }, lang: "en" as const };
      productId = (await createProduct(t.deps, ctx, { name: "CAM", category: "camera" })).id;
      expect(
        (await t.app.request(`/api/products/${productId}/assessments`, json("POST", {}, headers))).status,
      ).toBe(201);
      spec = (await (await t.app.request("/api/openapi.json")).json()) as OpenApi;
    });
    afterAll(async () => t?.close());

    const concrete = (path: string) =>
      path.replace("{productId}", productId).replace(/\{[^}]+\}/g, "id_01m8vs00000000000000");

    it("answers every JSON-body route of the OpenAPI document with a coded 400 for nesting and U+0000", async () => {
      const before = await footprint(t);
      let routes = 0;
      for (const [path, operations] of Object.entries(spec.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          if (!operation.requestBody?.content?.["application/json"]) continue;
          routes++;
          for (const [name, { body, code }] of Object.entries(HOSTILE_BODIES)) {
            const res = await t.app.request(concrete(path), {
              method: method.toUpperCase(),
              headers: { ...headers, "content-type": "application/json" },
              body,
            });
            const what = `${method.toUpperCase()} ${path}: ${name}`;
            expect(res.status, what).toBe(400);
            expect(((await res.json()) as ErrorJson).error?.code, what).toBe(code);
          }
        }
      }
      expect(routes).toBeGreaterThan(40);
      expect(await footprint(t)).toBe(before);
    });

    it("refuses U+0000 in path parameters and query strings of every GET route (PostgreSQL cannot compare it)", async () => {
      for (const [path, operations] of Object.entries(spec.paths)) {
        if (!operations.get) continue;
        const url = path.includes("{") ? path.replace(/\{[^}]+\}/g, "a%00b") : `${path}?q=%00&page=1`;
        const res = await t.app.request(url, { headers });
        expect(res.status, url).toBe(400);
        expect(((await res.json()) as ErrorJson).error?.code, url).toBe("INPUT_NUL_CHARACTER");
      }
      for (const url of ["/registry?q=%00", "/registry/%00", "/p/a%00", "/api/products/%00"]) {
        const res = await t.app.request(url, { headers });
        expect(res.status, url).toBe(400);
      }
    });

    it("refuses a valid write carrying U+0000 with a code instead of a database error", async () => {
      const before = await footprint(t);
      const res = await t.app.request(
        "/api/products",
        json("POST", { name: "a\u0000b", category: "camera" }, headers),
      );
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorJson).error?.code).toBe("INPUT_NUL_CHARACTER");
      expect(await footprint(t)).toBe(before);
    });

    it("refuses deep nesting in a probe run (its own streamed body) and keeps nothing", async () => {
      const before = await footprint(t);
      const run = (findings: string) =>
        `{"tool":"jcstar","version":"1","profile":"p","host":"h","startedAt":"2026-11-30T10:00:00Z",` +
        `"finishedAt":"2026-11-30T10:00:01Z","results":[{"probe":"ports","criteria":[],"verdict":"PASS",` +
        `"summary":{"ja":"a","en":"b"},"findings":${findings},"units":[],"log":[]}]}`;
      for (const [findings, code] of [
        [`{"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`, "INPUT_TOO_DEEP"],
        ['{"banner":"a\\u0000b"}', "INPUT_NUL_CHARACTER"],
      ] as const) {
        const res = await t.app.request(`/api/products/${productId}/probe-runs`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: run(findings),
        });
        expect(res.status).toBe(400);
        expect(((await res.json()) as ErrorJson).error?.code).toBe(code);
      }
      expect(await footprint(t)).toBe(before);
    });

    it("refuses deep nesting and U+0000 in uploaded SBOMs and scanner reports (streamed bodies)", async () => {
      const ctx = { orgId: t.orgId, actor: { id: null, name: "A" }, lang: "en" as const };
      const release = await createFirmwareRelease(t.deps, ctx, productId, {
        version: "9.9.9",
        releasedOn: "2026-11-01",
      });
      const before = await footprint(t);
      const component = (name: string) => `{"type":"library","name":"${name}","version":"1"}`;
      const documents: [string, string][] = [
        [
          `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${component("a\\u0000b")}]}`,
          "INPUT_NUL_CHARACTER",
        ],
        [
          `{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":${'{"a":'.repeat(DEEP)}1${"}".repeat(DEEP)}}`,
          "INPUT_TOO_DEEP",
        ],
        [`{"SchemaVersion":2,"Results":${"[".repeat(DEEP)}${"]".repeat(DEEP)}}`, "INPUT_TOO_DEEP"],
        [
          '<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>a&#0;b</name><version>1</version></component></components></bom>',
          "INPUT_NUL_CHARACTER",
        ],
      ];
      for (const route of ["sbom", "scanner-reports"]) {
        for (const [body, code] of documents) {
          const res = await t.app.request(`/api/releases/${release.id}/${route}`, {
            method: "POST",
            headers: { ...headers, "content-type": "application/octet-stream" },
            body,
          });
          expect(res.status, `${route}: ${body.slice(0, 60)}`).toBe(400);
          expect(((await res.json()) as ErrorJson).error?.code).toBe(code);
        }
      }
      expect(await footprint(t)).toBe(before);
    });

    it("refuses YAML alias bombs and deep nesting in device profiles (stored and validated)", async () => {
      const before = await footprint(t);
      for (const source of [
        ALIAS_BOMB,
        `name: x\nhost: h\nx: ${"{a: ".repeat(20_000)}1${"}".repeat(20_000)}`,
      ]) {
        const stored = await t.app.request(
          `/api/products/${productId}/device-profiles`,
          json("POST", { name: "bomb", source }, headers),
        );
        expect(stored.status).toBe(422);
        expect(((await stored.json()) as ErrorJson).error?.code).toBe("DEVICE_PROFILE_INVALID");
        const checked = await t.app.request(
          `/api/products/${productId}/device-profiles/validate`,
          json("POST", { name: "bomb", source }, headers),
        );
        expect(checked.status).toBe(200);
        expect(((await checked.json()) as { valid: boolean }).valid).toBe(false);
      }
      expect(await footprint(t)).toBe(before);
    });
  },
);
