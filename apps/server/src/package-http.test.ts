import { createHash } from "node:crypto";
import { testDialects } from "@jcstar/core/db/test-databases";
import { readyProduct } from "@jcstar/core/signoff/ready-product.test-helper";
import { requireTool, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp, type TestUser } from "./test-app.ts";

const run = requireTool("pdftotext", which("pdftotext") !== null, "poppler-utils is not installed");

describe.skipIf(!run).each(testDialects())("sign-off, forms and package over HTTP on %s", (dialect) => {
  let t: TestApp;
  let owner: TestUser;
  let editor: TestUser;
  let viewer: TestUser;
  let productId: string;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    owner = await t.user("owner");
    editor = await t.user("editor");
    viewer = await t.user("viewer");
    const ctx = { orgId: t.orgId, actor: { id: editor.id, name: "E" }, lang: "ja" as const };
    productId = (await readyProduct(t.deps, ctx)).product.id;
  });
  afterAll(async () => t?.close());

  it("edits the form, signs off as an owner, refuses the package with blockers, builds and downloads it", async () => {
    const status0 = await t.app.request(`/api/products/${productId}/package`, { headers: viewer.headers });
    expect(status0.status).toBe(200);
    const s0 = await status0.json();
    expect(s0.canBuild).toBe(false);
    expect(s0.readiness.blockers.map((b: { code: string }) => b.code)).toContain("APPLICATION_FIELD_MISSING");

    const refused = await t.app.request(
      `/api/products/${productId}/packages`,
      json("POST", {}, editor.headers),
    );
    expect(refused.status).toBe(422);
    const body = await refused.json();
    expect(body.error.code).toBe("NOT_READY");
    expect(body.error.details.length).toBeGreaterThan(0);

    const form = await (
      await t.app.request(`/api/products/${productId}/application-form`, { headers: viewer.headers })
    ).json();
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
    const confirmations = Object.fromEntries(form.confirmations.map((c: { id: string }) => [c.id, true]));
    const put = { version: form.version, values, publish: { address: true }, confirmations, proxy: false };
    expect(
      (await t.app.request(`/api/products/${productId}/application-form`, json("PUT", put, viewer.headers)))
        .status,
    ).toBe(403);
    const saved = await t.app.request(
      `/api/products/${productId}/application-form`,
      json("PUT", put, editor.headers),
    );
    expect(saved.status).toBe(200);
    expect((await saved.json()).missing).toEqual([]);
    const stale = await t.app.request(
      `/api/products/${productId}/application-form`,
      json("PUT", put, editor.headers),
    );
    expect(stale.status).toBe(409);

    const noSignoff = await t.app.request(
      `/api/products/${productId}/packages`,
      json("POST", {}, editor.headers),
    );
    expect(noSignoff.status).toBe(422);
    expect((await noSignoff.json()).error.code).toBe("NO_SIGNOFF");

    const sign = { signerName: "山田 太郎", signerTitle: "代表取締役" };
    expect(
      (await t.app.request(`/api/products/${productId}/signoffs`, json("POST", sign, editor.headers))).status,
    ).toBe(403);
    const signed = await t.app.request(
      `/api/products/${productId}/signoffs`,
      json("POST", sign, owner.headers),
    );
    expect(signed.status).toBe(201);
    const signoff = await signed.json();
    expect(signoff.signerUserId).toBe(owner.id);
    expect(signoff.snapshot.readiness.ready).toBe(true);

    const report = await t.app.request(`/api/signoffs/${signoff.id}/report?lang=en`, {
      headers: viewer.headers,
    });
    expect(report.status).toBe(200);
    expect(report.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await report.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const html = await t.app.request(
      `/api/products/${productId}/application-form/documents/application-form`,
      {
        headers: viewer.headers,
      },
    );
    expect(await html.text()).toContain("東京都千代田区千代田1-1");

    const built = await t.app.request(
      `/api/products/${productId}/packages`,
      json("POST", { lang: "ja" }, editor.headers),
    );
    expect(built.status).toBe(201);
    const pkg = await built.json();
    expect(pkg.manifest.signoff.snapshotSha256).toBe(signoff.snapshotSha256);
    expect(
      (await t.app.request(`/api/packages/${pkg.id}/download`, { headers: viewer.headers })).status,
    ).toBe(403);
    const download = await t.app.request(`/api/packages/${pkg.id}/download`, { headers: editor.headers });
    expect(download.status).toBe(200);
    const zip = Buffer.from(await download.arrayBuffer());
    expect(createHash("sha256").update(zip).digest("hex")).toBe(pkg.zipSha256);
    const history = await (
      await t.app.request(`/api/products/${productId}/package`, { headers: viewer.headers })
    ).json();
    expect(history.packages.map((p: { id: string }) => p.id)).toEqual([pkg.id]);
    expect(history.signoff.current.id).toBe(signoff.id);
  });
});
