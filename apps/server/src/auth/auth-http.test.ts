import { createOrganisation, setMembership, totpCode, totpStep } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp } from "../test-app.ts";

type ErrorJson = { error: { code: string; message: string } };

describe.each(testDialects())("sign-in, sessions and tokens over HTTP on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const login = (
    email: string,
    password: string,
    extra: Record<string, string> = {},
    headers: Record<string, string> = {},
  ) => t.app.request("/api/auth/login", json("POST", { email, password, ...extra }, headers));

  async function session(email: string, password: string) {
    const res = await login(email, password);
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(";")[0] ?? "";
    const me = (await (await t.app.request("/api/auth/me", { headers: { cookie } })).json()) as {
      csrfToken: string;
    };
    return { cookie, csrf: me.csrfToken };
  }

  it("locks out from the 5th failure with 429 and Retry-After, refusing even the right password", async () => {
    const owner = await t.user("owner");
    const user = await t.user("editor");
    for (let i = 0; i < 5; i++) expect((await login(user.email, "not the password")).status).toBe(401);
    const locked = await login(user.email, user.password, {}, { "accept-language": "en" });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThanOrEqual(29);
    expect(((await locked.json()) as ErrorJson).error.code).toBe("LOCKED_OUT");
    const lockouts = (await (
      await t.app.request("/api/org/lockouts", { headers: owner.headers })
    ).json()) as { email: string }[];
    expect(lockouts.map((l) => l.email)).toContain(user.email);
  });

  it("requires the CSRF token on cookie writes and a same-origin Origin on login", async () => {
    const user = await t.user("editor");
    const { cookie, csrf } = await session(user.email, user.password);
    const body = { name: "via cookie", category: "camera" };
    const without = await t.app.request("/api/products", json("POST", body, { cookie }));
    expect(without.status).toBe(403);
    expect(((await without.json()) as ErrorJson).error.code).toBe("CSRF_FAILED");
    expect(
      (await t.app.request("/api/products", json("POST", body, { cookie, "x-csrf-token": "forged" }))).status,
    ).toBe(403);
    expect(
      (await t.app.request("/api/products", json("POST", body, { cookie, "x-csrf-token": csrf }))).status,
    ).toBe(201);
    const crossSite = await login(
      user.email,
      user.password,
      {},
      { origin: "https://evil.example", host: "localhost" },
    );
    expect(crossSite.status).toBe(403);
    // Logging out ends the session.
    expect((await t.app.request("/api/auth/logout", json("POST", {}, { cookie }))).status).toBe(204);
    expect((await t.app.request("/api/auth/me", { headers: { cookie } })).status).toBe(401);
  });

  it("mints API tokens only from a browser session, never from another token", async () => {
    const user = await t.user("editor"); // holds a write-scope token in user.headers
    const minted = await t.app.request(
      "/api/auth/tokens",
      json("POST", { name: "copy", scope: "write" }, user.headers),
    );
    expect(minted.status).toBe(403);
    expect(((await minted.json()) as ErrorJson).error.code).toBe("SESSION_REQUIRED");
    const listed = (await (
      await t.app.request("/api/auth/tokens", { headers: user.headers })
    ).json()) as unknown[];
    expect(listed).toHaveLength(1); // nothing was written
  });

  it("keeps read-only tokens read-only and revoked tokens out", async () => {
    const user = await t.user("editor");
    const browser = await t.session(user.id);
    const created = await t.app.request(
      "/api/auth/tokens",
      json("POST", { name: "ci", scope: "read" }, browser),
    );
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.request("/api/products", { headers: bearer })).status).toBe(200);
    expect(
      (await t.app.request("/api/products", json("POST", { name: "x", category: "camera" }, bearer))).status,
    ).toBe(403);
    const listed = (await (
      await t.app.request("/api/auth/tokens", { headers: user.headers })
    ).json()) as Record<string, unknown>[];
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(
      (await t.app.request(`/api/auth/tokens/${id}`, { method: "DELETE", headers: user.headers })).status,
    ).toBe(204);
    expect((await t.app.request("/api/products", { headers: bearer })).status).toBe(401);
  });

  it("makes admins set up TOTP before anything else, then asks for codes at sign-in", async () => {
    const admin = await t.user("owner", { instanceRole: "admin" });
    await t.db.db.updateTable("users").set({ totp_enabled: 0 }).where("id", "=", admin.id).execute();
    const { cookie, csrf } = await session(admin.email, admin.password);
    const me = (await (await t.app.request("/api/auth/me", { headers: { cookie } })).json()) as {
      totpSetupRequired: boolean;
    };
    expect(me.totpSetupRequired).toBe(true);
    const blocked = await t.app.request("/api/products", { headers: { cookie } });
    expect(((await blocked.json()) as ErrorJson).error.code).toBe("TOTP_SETUP_REQUIRED");
    const setup = (await (
      await t.app.request(
        "/api/auth/totp/setup",
        json("POST", { currentPassword: admin.password }, { cookie, "x-csrf-token": csrf }),
      )
    ).json()) as {
      secret: string;
      otpauthUri: string;
    };
    expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const code = totpCode(setup.secret, totpStep(new Date()));
    expect(
      (await t.app.request("/api/auth/totp/enable", json("POST", { code }, { cookie, "x-csrf-token": csrf })))
        .status,
    ).toBe(200);
    expect((await t.app.request("/api/products", { headers: { cookie } })).status).toBe(200);
    const needsCode = await login(admin.email, admin.password);
    expect(((await needsCode.json()) as ErrorJson).error.code).toBe("TOTP_REQUIRED");
  });

  it("scopes every query to the chosen organisation of a multi-organisation user", async () => {
    const proxy = await t.user("editor");
    const second = await createOrganisation(t.db.db, "Second maker", new Date());
    await setMembership(t.db.db, second.id, proxy.id, "editor", new Date());
    const inSecond = { ...proxy.headers, "x-jcstar-org": second.id };
    const made = await t.app.request(
      "/api/products",
      json("POST", { name: "Second's product", category: "sensor" }, inSecond),
    );
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    expect((await t.app.request(`/api/products/${id}`, { headers: inSecond })).status).toBe(200);
    expect(
      (await t.app.request(`/api/products/${id}?org=${second.id}`, { headers: proxy.headers })).status,
    ).toBe(200);
    const writeByQuery = await t.app.request(
      `/api/products?org=${t.orgId}`,
      json("POST", { name: "lands in the default organisation", category: "sensor" }, proxy.headers),
    );
    expect(writeByQuery.status).toBe(201);
    // Writes ignore ?org= (no header: the first membership by name, "Second maker").
    expect(((await writeByQuery.json()) as { orgId: string }).orgId).toBe(second.id);
    expect(
      (await t.app.request(`/api/products/${id}`, { headers: { ...proxy.headers, "x-jcstar-org": t.orgId } }))
        .status,
    ).toBe(404);
    const stranger = await t.user("owner");
    const res = await t.app.request(`/api/products/${id}`, {
      headers: { ...stranger.headers, "x-jcstar-org": second.id },
    });
    expect(((await res.json()) as ErrorJson).error.code).toBe("NO_ORGANISATION");
  });

  it("erases a person through the admin API; their sessions end at once", async () => {
    const admin = await t.user(null, { instanceRole: "admin" });
    const adminHeaders = await t.session(admin.id);
    const leaver = await t.user("viewer");
    const listed = (await (await t.app.request("/api/admin/users", { headers: adminHeaders })).json()) as {
      id: string;
      memberships: { orgId: string; role: string }[];
    }[];
    expect(listed.find((u) => u.id === leaver.id)?.memberships).toEqual([
      expect.objectContaining({ orgId: t.orgId, role: "viewer" }),
    ]);
    expect(listed.find((u) => u.id === admin.id)?.memberships).toEqual([]);
    const leaverSession = await session(leaver.email, leaver.password);
    const res = await t.app.request(`/api/admin/users/${leaver.id}`, {
      method: "DELETE",
      headers: adminHeaders,
    });
    expect(res.status).toBe(204);
    expect((await t.app.request("/api/auth/me", { headers: { cookie: leaverSession.cookie } })).status).toBe(
      401,
    );
    const users = (await (await t.app.request("/api/admin/users", { headers: adminHeaders })).json()) as {
      email: string;
    }[];
    expect(users.map((u) => u.email)).not.toContain(leaver.email);
  });
});
