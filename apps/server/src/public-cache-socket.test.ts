import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createProduct } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.ts";
import { json, openTestApp, type TestApp } from "./test-app.ts";

const SHOW_NOTHING = {
  modelNumbers: false,
  supportPeriod: false,
  latestFirmware: false,
  vulnerabilityContact: false,
  updateProcedure: false,
  label: false,
};

/**
 * A phone that keeps a label page and reloads it: over a real socket, the page is revalidated every time
 * (no-cache + ETag), answered 304 while it is unchanged and at once with the revoked status after a revocation.
 */
describe.each(testDialects())("public label page reloads over a socket on %s", (dialect) => {
  let t: TestApp;
  let base: string;
  let server: ReturnType<typeof serve>;
  let operator: Record<string, string>;
  let regNo = "";

  beforeAll(async () => {
    t = await openTestApp(dialect);
    const app = createApp(t.deps);
    server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    operator = await t.session((await t.user(null, { instanceRole: "operator" })).id);
    const editor = (await t.user("editor")).headers;
    const ctx = { orgId: t.orgId, actor: { id: null, name: "maker" }, lang: "en" as const };
    const product = await createProduct(t.deps, ctx, { name: "Door sensor", category: "home-appliance" });
    const publication = {
      version: 0,
      published: true,
      slug: null,
      show: SHOW_NOTHING,
      vulnerabilityContact: null,
      vulnerabilityPolicyUrl: null,
      securityTxtUrl: null,
      updateProcedure: null,
    };
    await t.app.request(`/api/products/${product.id}/publication`, json("PUT", publication, editor));
    const issued = await t.app.request(
      "/api/operator/labels",
      json("POST", { productId: product.id }, operator),
    );
    expect(issued.status).toBe(201);
    regNo = ((await issued.json()) as { registrationNumber: string }).registrationNumber;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await t?.close();
  });

  it("revalidates every time and shows the revocation on the next reload", async () => {
    const url = `${base}/registry/${regNo}?lang=en`;
    const first = await fetch(url);
    const page = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-cache");
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(page).not.toContain("Revoked");
    const unchanged = await fetch(url, { headers: { "if-none-match": etag } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("cache-control")).toBe("no-cache");

    const revoked = await t.app.request(
      `/api/operator/labels/${regNo}/revoke`,
      json("POST", { reason: "Withdrawn by the maker" }, operator),
    );
    expect(revoked.status).toBe(200);
    const reload = await fetch(url, { headers: { "if-none-match": etag } });
    expect(reload.status).toBe(200);
    expect(reload.headers.get("etag")).not.toBe(etag);
    expect(await reload.text()).toContain("Revoked");
  });
});
