import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createProduct } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectBaseline, expectStrictPage } from "./security-headers.testing.ts";
import { DOWNLOAD_CSP } from "./security-headers.ts";
import { openTestApp, type TestApp } from "./test-app.ts";

describe.each(testDialects())("security headers on %s", (dialect) => {
  let t: TestApp;
  let headers: Record<string, string>;
  let productId: string;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    const editor = await t.user("editor");
    headers = editor.headers;
    const ctx = { orgId: t.orgId, actor: { id: editor.id, name: "E" }, lang: "en" as const };
    productId = (await createProduct(t.deps, ctx, { name: "CAM", category: "camera" })).id;
  });
  afterAll(async () => t?.close());

  it("gives every public page kind, its 404 and its replayed copy the strict CSP and frame denial", async () => {
    const paths = [
      "/registry",
      "/registry?q=zzz&lang=en",
      "/registry/JCS-2026-999999",
      "/registry/not-a-number",
      "/p/nobody",
      "/p/..%2f",
      "/public/registry.css",
      "/public/missing.css",
      "/.well-known/jwks.json",
      "/.well-known/missing",
      "/no-such-page",
      "/api/no-such-route",
    ];
    for (const path of paths) {
      const first = await t.app.request(path);
      expectStrictPage(first, `${path} (${first.status})`);
      // Asked again within seconds: the public page replay (page-cache.ts) answers, with the same headers.
      const replay = await t.app.request(path);
      expectStrictPage(replay, `${path} replayed`);
      expect(replay.headers.get("content-security-policy")).toBe(
        first.headers.get("content-security-policy"),
      );
      const etag = first.headers.get("etag");
      if (etag) {
        const notModified = await t.app.request(path, { headers: { "if-none-match": etag } });
        expect(notModified.status).toBe(304);
        expectStrictPage(notModified, `${path} 304`);
      }
    }
  });

  it("keeps a download's own sandbox CSP instead of overwriting it, with the other headers added", async () => {
    const html = "<html><script>alert(document.cookie)</script></html>";
    const up = await t.app.request(`/api/evidence/files?kind=other&fileName=x.html&productId=${productId}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/octet-stream" },
      body: html,
    });
    expect(up.status).toBe(201);
    const { id } = (await up.json()) as { id: string };
    const download = await t.app.request(`/api/evidence/${id}/file`, { headers });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(html);
    expect(download.headers.get("content-security-policy")).toBe(DOWNLOAD_CSP);
    expect(DOWNLOAD_CSP).toBe("default-src 'none'; sandbox");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment;/);
    expectBaseline(download, "evidence download");
  });

  it("gives the evidence bundle download the sandbox CSP too", async () => {
    const bundle = await t.app.request(`/api/products/${productId}/evidence-bundle`, { headers });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-security-policy")).toBe(DOWNLOAD_CSP);
    expectBaseline(bundle, "bundle download");
    await bundle.arrayBuffer();
  });
});

describe("security headers on the web app's own files", () => {
  it("gives index.html, client routes, hashed assets and the favicon the strict page headers", async () => {
    const web = tempDir("jcstar-web-");
    mkdirSync(join(web.path, "assets"));
    writeFileSync(join(web.path, "index.html"), "<!doctype html><title>jcstar</title>");
    writeFileSync(join(web.path, "assets", "app-1234.js"), "console.log(1)");
    writeFileSync(join(web.path, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
    const t = await openTestApp("sqlite", { webDir: web.path });
    try {
      for (const path of ["/", "/products/x", "/assets/app-1234.js", "/assets/missing.js", "/favicon.svg"]) {
        const res = await t.app.request(path);
        expectStrictPage(res, `${path} (${res.status})`);
      }
    } finally {
      await t.close();
      web.cleanup();
    }
  });
});
