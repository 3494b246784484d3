import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPENAPI_PATH } from "./app.ts";
import { openTestApp, type TestApp } from "./test-app.ts";

/** `/api/products/:productId` → `/api/products/{productId}` */
function toOpenApiPath(path: string): string {
  return path.replace(/:(\w+)/g, "{$1}");
}

describe("OpenAPI document", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp("sqlite");
  });
  afterAll(async () => t?.close());

  it("lists exactly the routes the app serves, and is a valid OpenAPI document", async () => {
    const res = await t.app.request(OPENAPI_PATH);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const served = [
      ...new Set(
        t.app.routes
          .filter((r) => r.method !== "ALL" && r.path !== OPENAPI_PATH)
          .map((r) => `${r.method} ${toOpenApiPath(r.path)}`),
      ),
    ].sort();
    expect(served.length).toBeGreaterThan(15);
    expect(documented).toEqual(served);
    // A real validator, not a shape check: it throws on any schema violation or broken $ref.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });
});
