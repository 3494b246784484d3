import { createProduct, instancePublicUrl, prepareSetupToken, publicUrlStatus } from "@jcstar/core";
import { makeReadyProduct } from "@jcstar/core/application/ready-product.testing";
import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp } from "./test-app.ts";

/** What an attacker puts in the headers a proxy may forward: none of it may end up in a link or an `iss`. */
const HOSTILE = {
  host: "evil.example",
  "x-forwarded-host": "evil-forwarded.example",
  "x-forwarded-proto": "gopher",
  "x-forwarded-for": "203.0.113.9",
};
const PUBLIC = "https://jcstar.example.jp";

function claimsOf(jws: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jws.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
}

function expectNoHostile(text: string): void {
  expect(text).not.toMatch(/evil|gopher/);
}

describe.each(testDialects())("links never come from the Host header, on %s", (dialect) => {
  let t: TestApp;
  let admin: Record<string, string>;
  let operator: Record<string, string>;
  let owner: Record<string, string>;
  let maker: Record<string, string>;
  let targetId: string;
  let productId: string;

  /** A request as an attacker shapes it: the URL the server sees and every forwarded header name evil hosts. */
  const hostile = (path: string, init: RequestInit = {}) =>
    t.app.request(`http://evil.example${path}`, {
      ...init,
      headers: { ...HOSTILE, ...(init.headers as Record<string, string>) },
    });

  beforeAll(async () => {
    // Behind a (misconfigured) proxy that is trusted: forwarded headers still never make a link.
    t = await openTestApp(dialect, { publicUrl: undefined, proxyTrust: { mode: "one-hop" } });
    admin = { ...(await t.session((await t.user(null, { instanceRole: "admin" })).id)) };
    operator = { ...(await t.session((await t.user(null, { instanceRole: "operator" })).id)) };
    owner = (await t.user("owner")).headers;
    maker = (await t.user("editor")).headers;
    targetId = (await t.user("viewer")).id;
    const ctx = { orgId: t.orgId, actor: { id: null, name: "Setup" }, lang: "en" as const };
    productId = (await makeReadyProduct(t.deps, ctx, { name: "CAM-300" })).product.id;
    // A reminder in the calendar feed (its UID names a host).
    await createProduct(t.deps, ctx, {
      name: "Plug",
      category: "home-appliance",
      supportEndDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      modelNumbers: ["P-1"],
    });
  });
  afterAll(async () => t?.close());

  it("refuses links with PUBLIC_URL_NOT_SET while no public URL is configured, and the admin sees why", async () => {
    const reset = await hostile(`/api/admin/users/${targetId}/reset-link`, json("POST", {}, admin));
    expect(reset.status).toBe(409);
    expect(((await reset.json()) as { error: { code: string } }).error.code).toBe("PUBLIC_URL_NOT_SET");
    const invite = await hostile(
      "/api/org/invitations",
      json("POST", { email: "x@example.jp", role: "viewer" }, owner),
    );
    expect(invite.status).toBe(409);
    expect((await hostile("/api/calendar/token", json("POST", {}, owner))).status).toBe(409);
    const label = await hostile(
      "/api/operator/labels",
      json("POST", { product: "Cam", maker: "M" }, operator),
    );
    expect(label.status).toBe(409);
    expect((await hostile("/api/registry/status-list")).status).toBe(409);
    const exported = await hostile("/api/registry/export");
    expect(exported.status).toBe(409);
    expectNoHostile(await exported.text());
    const settings = (await (await hostile("/api/admin/settings", { headers: admin })).json()) as {
      publicUrl: string | null;
      publicUrlInUse: { url: string | null; source: string | null };
    };
    expect(settings.publicUrl).toBeNull();
    expect(settings.publicUrlInUse).toEqual({ url: null, source: null });
  });

  it("validates the public URL an admin sets (an http(s) origin, nothing else)", async () => {
    for (const bad of [
      "ftp://jcstar.example.jp",
      "https://jcstar.example.jp/app",
      "https://jcstar.example.jp/?x=1",
      "https://user:pw@jcstar.example.jp",
      "jcstar.example.jp",
      "https://jcstar.example.jp#top",
    ]) {
      const res = await hostile("/api/admin/settings", json("PUT", { publicUrl: bad }, admin));
      expect(res.status, bad).toBe(400);
    }
    const saved = await hostile("/api/admin/settings", json("PUT", { publicUrl: `${PUBLIC}/` }, admin));
    expect(saved.status, await saved.clone().text()).toBe(200);
    expect(await saved.json()).toMatchObject({
      publicUrl: PUBLIC,
      publicUrlInUse: { url: PUBLIC, source: "settings" },
    });
    // A later change of other settings keeps it.
    const other = await hostile(
      "/api/admin/settings",
      json("PUT", { deviceTestAllowlist: ["10.0.0.0/8"] }, admin),
    );
    expect(((await other.json()) as { publicUrl: string }).publicUrl).toBe(PUBLIC);
  });

  it("admin reset links and invitations use the public URL", async () => {
    const reset = await hostile(`/api/admin/users/${targetId}/reset-link`, json("POST", {}, admin));
    expect(reset.status).toBe(201);
    const resetBody = await reset.text();
    expectNoHostile(resetBody);
    expect((JSON.parse(resetBody) as { url: string }).url).toMatch(new RegExp(`^${PUBLIC}/reset/`));
    const invite = await hostile(
      "/api/org/invitations",
      json("POST", { email: "y@example.jp", role: "viewer" }, owner),
    );
    expect(invite.status).toBe(201);
    const inviteBody = await invite.text();
    expectNoHostile(inviteBody);
    expect((JSON.parse(inviteBody) as { url: string }).url).toMatch(new RegExp(`^${PUBLIC}/invite/`));
  });

  it("the calendar feed URL and the feed itself use the public URL", async () => {
    const token = await hostile("/api/calendar/token", json("POST", {}, owner));
    expect(token.status).toBe(201);
    const { url } = (await token.json()) as { url: string };
    expect(url).toMatch(new RegExp(`^${PUBLIC}/api/calendar/`));
    const feed = await hostile(new URL(url).pathname);
    expect(feed.status).toBe(200);
    const text = await feed.text();
    expect(text).toContain("BEGIN:VEVENT");
    expect(text).toContain("@jcstar.example.jp");
    expectNoHostile(text);
  });

  it("labels issued by an operator, the status list and the export name the public URL", async () => {
    const res = await hostile("/api/operator/labels", json("POST", { product: "Cam", maker: "M" }, operator));
    expect(res.status, await res.clone().text()).toBe(201);
    const { registrationNumber } = (await res.json()) as { registrationNumber: string };
    const payload = await (await hostile(`/api/registry/labels/${registrationNumber}/payload`)).text();
    const claims = claimsOf(payload);
    expect(claims.iss).toBe(PUBLIC);
    expect((claims.label as { url: string }).url).toBe(`${PUBLIC}/registry/${registrationNumber}`);
    const status = await hostile("/api/registry/status-list");
    expect(status.status).toBe(200);
    expect(claimsOf(await status.text()).iss).toBe(PUBLIC);
    const exported = await (await hostile("/api/registry/export")).text();
    expectNoHostile(exported);
    expect(exported).toContain(`${PUBLIC}/registry/${registrationNumber}`);
  });

  it("a label issued through an application's operator step names the public URL; publicBaseUrl wins for iss", async () => {
    const registry = "https://registry.example.jp";
    const enable = await hostile("/api/operator/registry-settings", json("PUT", { enabled: true }, operator));
    expect(enable.status).toBe(200);
    const created = await hostile(
      "/api/applications",
      json("POST", { productId, channel: "registry" }, maker),
    );
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const step = async (who: Record<string, string>, action: string, more: Record<string, string> = {}) => {
      const base = who === maker ? `/api/applications/${id}` : `/api/operator/applications/${id}`;
      const { version } = (await (await hostile(base, { headers: who })).json()) as { version: number };
      const res = await hostile(`${base}/transitions`, json("POST", { action, version, ...more }, who));
      expect(res.status, `${action}: ${await res.clone().text()}`).toBe(200);
      return (await res.json()) as { registrationNumber: string | null };
    };
    for (const action of ["mark_ready", "request_number", "submit"]) await step(maker, action);
    await step(operator, "accept");
    await step(operator, "invoice_fee");
    await step(maker, "pay_fee");
    const nextYear = Number(new Date().toISOString().slice(0, 4)) + 1;
    const issued = await step(operator, "issue_label", { labelExpiresOn: `${nextYear}-06-30` });
    const payload = await (await hostile(`/api/registry/labels/${issued.registrationNumber}/payload`)).text();
    const claims = claimsOf(payload);
    expect(claims.iss).toBe(PUBLIC);
    expect((claims.label as { url: string }).url).toBe(`${PUBLIC}/registry/${issued.registrationNumber}`);
    // The registry's own public origin, once set, is the issuer of the status list and the export's links.
    const set = await hostile(
      "/api/operator/registry-settings",
      json("PUT", { publicBaseUrl: registry }, operator),
    );
    expect(set.status).toBe(200);
    expect(claimsOf(await (await hostile("/api/registry/status-list")).text()).iss).toBe(registry);
    expect(await (await hostile("/api/registry/export")).text()).toContain(`${registry}/registry/`);
  });

  it("JCSTAR_PUBLIC_URL wins over the setting", async () => {
    const env = await openTestApp(dialect, { publicUrl: "https://env.example.jp" });
    try {
      const owner2 = (await env.user("owner")).headers;
      const res = await env.app.request(
        "http://evil.example/api/org/invitations",
        json("POST", { email: "z@example.jp", role: "viewer" }, { ...HOSTILE, ...owner2 }),
      );
      expect(((await res.json()) as { url: string }).url).toMatch(/^https:\/\/env\.example\.jp\/invite\//);
    } finally {
      await env.close();
    }
  });
});

describe.each(testDialects())("first-run setup asks for the public URL, on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(dialect, { publicUrl: undefined });
  });
  afterAll(async () => t?.close());

  it("refuses a bad one and saves the confirmed one as the instance setting", async () => {
    const token = (await prepareSetupToken(t.db.db, new Date())) ?? "";
    const body = {
      token,
      email: "admin@example.jp",
      name: "Admin",
      password: "Tsuru-kame 2026 lantern quay",
      organisationName: "Maker KK",
    };
    const bad = await t.app.request(
      "/api/setup",
      json("POST", { ...body, publicUrl: "https://x.example/path" }),
    );
    expect(bad.status).toBe(400);
    expect(await instancePublicUrl(t.deps)).toBeNull();
    const done = await t.app.request("/api/setup", json("POST", { ...body, publicUrl: PUBLIC }));
    expect(done.status, await done.clone().text()).toBe(201);
    expect(await publicUrlStatus(t.deps)).toEqual({ url: PUBLIC, source: "settings" });
  });
});
