import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp } from "./test-app.ts";

type Org = { id: string; name: string; owners: number };

describe.each(testDialects())("an admin sets up a maker organisation over HTTP on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it("creates an organisation, invites its first owner by link, and the listing counts the owner", async () => {
    const admin = { headers: await t.session((await t.user(null, { instanceRole: "admin" })).id) };
    const created = await t.app.request(
      "/api/admin/organisations",
      json("POST", { name: "カメラ製造株式会社" }, admin.headers),
    );
    expect(created.status).toBe(201);
    const org = (await created.json()) as Org;
    const list = async () =>
      (await (await t.app.request("/api/admin/organisations", { headers: admin.headers })).json()) as Org[];
    expect((await list()).find((o) => o.id === org.id)?.owners).toBe(0);

    const invited = await t.app.request(
      `/api/admin/organisations/${org.id}/invitations`,
      json("POST", { email: "first-owner@example.jp", role: "owner" }, admin.headers),
    );
    expect(invited.status).toBe(201);
    const { url } = (await invited.json()) as { url: string };
    expect(url).toMatch(/^http:\/\/localhost\/invite\//);
    const token = url.split("/invite/")[1];
    const shown = (await (await t.app.request(`/api/invitations/${token}`)).json()) as { orgName: string };
    expect(shown.orgName).toBe("カメラ製造株式会社");
    const accepted = await t.app.request(
      "/api/invitations/accept",
      json("POST", { token, name: "初代 オーナー", password: "Correct horse battery first owner" }),
    );
    expect(accepted.status).toBeLessThan(300);
    expect((await list()).find((o) => o.id === org.id)?.owners).toBe(1);
  });

  it("refuses an unknown organisation (404) and a non-admin (403), writing nothing", async () => {
    const admin = { headers: await t.session((await t.user(null, { instanceRole: "admin" })).id) };
    const owner = await t.user("owner");
    const missing = await t.app.request(
      "/api/admin/organisations/org_missing/invitations",
      json("POST", { email: "x@example.jp", role: "owner" }, admin.headers),
    );
    expect(missing.status).toBe(404);
    const forbidden = await t.app.request(
      `/api/admin/organisations/${t.orgId}/invitations`,
      json("POST", { email: "x@example.jp", role: "owner" }, owner.headers),
    );
    expect(forbidden.status).toBe(403);
    const tokens = await t.db.db
      .selectFrom("one_time_tokens")
      .select("id")
      .where("email", "=", "x@example.jp")
      .execute();
    expect(tokens).toHaveLength(0);
  });
});
