import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.ts";
import { expectStrictPage } from "./security-headers.testing.ts";
import { openTestApp, type TestApp } from "./test-app.ts";

/**
 * The same headers over a real socket: @hono/node-server answers with its own light Response class, whose
 * headers a middleware may change in ways an in-process app.request() never shows (the page replay's copy).
 */
describe.each(testDialects())("security headers over a socket on %s", (dialect) => {
  let t: TestApp;
  let base: string;
  let server: ReturnType<typeof serve>;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    const app = createApp(t.deps);
    server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await t?.close();
  });

  it("gives public pages, their 404s, CSS, replays and 304s the strict CSP and frame denial", async () => {
    const paths = [
      "/registry",
      "/registry?q=zzz&lang=en",
      "/registry/JCS-2026-999999",
      "/p/nobody",
      "/public/registry.css",
      "/public/missing.css",
      "/.well-known/missing",
      "/no-such-page",
    ];
    for (const path of paths) {
      const first = await fetch(`${base}${path}`);
      await first.arrayBuffer();
      expectStrictPage(first, `${path} (${first.status})`);
      const replay = await fetch(`${base}${path}`);
      await replay.arrayBuffer();
      expectStrictPage(replay, `${path} replayed`);
      const etag = replay.headers.get("etag");
      if (etag) {
        const again = await fetch(`${base}${path}`, { headers: { "if-none-match": etag } });
        expect(again.status, `${path} revalidated`).toBe(304);
        expectStrictPage(again, `${path} 304`);
      }
    }
  });
});
