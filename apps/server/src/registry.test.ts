import { createFirmwareRelease, createProduct } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp } from "./test-app.ts";

type LabelJson = { registrationNumber: string; status: string; product: string; validUntil: string };

describe.each(testDialects())("label registry over HTTP on %s", (dialect) => {
  let t: TestApp;
  let operator: Record<string, string>;
  let editorHeaders: Record<string, string>;
  let productId: string;
  let regNo: string;

  beforeAll(async () => {
    t = await openTestApp(dialect);
    const op = await t.user(null, { instanceRole: "operator" });
    operator = await t.session(op.id);
    editorHeaders = (await t.user("editor")).headers;
    const ctx = { orgId: t.orgId, actor: { id: null, name: "maker" }, lang: "en" as const };
    productId = (
      await createProduct(t.deps, ctx, {
        name: "Smart plug <b>",
        category: "home-appliance",
        supportEndDate: "2031-03-31",
        modelNumbers: ["SP-1"],
      })
    ).id;
    await createFirmwareRelease(t.deps, ctx, productId, {
      version: "2.0.1",
      releasedOn: "2026-11-01",
      securityFixes: ["CVE-2026-0001 telnet removed"],
    });
  });
  afterAll(async () => t?.close());

  it("lets an operator issue a label, and never a maker", async () => {
    const denied = await t.app.request("/api/operator/labels", json("POST", { productId }, editorHeaders));
    expect(denied.status).toBe(403);
    const notSubmitted = await t.app.request("/api/operator/labels", json("POST", { productId }, operator));
    expect(notSubmitted.status).toBe(409);
    expect(((await notSubmitted.json()) as { error: { code: string } }).error.code).toBe(
      "LABEL_PRODUCT_NOT_SUBMITTED",
    );
    const withApplication = json("POST", { productId, applicationId: "app_x" }, operator);
    expect((await t.app.request("/api/operator/labels", withApplication)).status).toBe(400);
    // The maker publishes its page (nothing but product and maker shown yet): now the operator may issue.
    const show = {
      modelNumbers: false,
      supportPeriod: false,
      latestFirmware: false,
      vulnerabilityContact: false,
      updateProcedure: false,
      label: false,
    };
    const minimal = {
      version: 0,
      published: true,
      slug: null,
      show,
      vulnerabilityContact: null,
      vulnerabilityPolicyUrl: null,
      securityTxtUrl: null,
      updateProcedure: null,
    };
    expect(
      (await t.app.request(`/api/products/${productId}/publication`, json("PUT", minimal, editorHeaders)))
        .status,
    ).toBe(200);
    const res = await t.app.request("/api/operator/labels", json("POST", { productId }, operator));
    expect(res.status).toBe(201);
    const label = (await res.json()) as LabelJson;
    expect(label).toMatchObject({ status: "valid", product: "Smart plug <b>" });
    regNo = label.registrationNumber;
    expect(regNo).toMatch(/^JCS-\d{4}-000001$/);
  });

  it("refuses an operator who is a member of the maker: no label for its own product, no revoking its labels", async () => {
    const insider = await t.user("viewer", { instanceRole: "operator" });
    const headers = await t.session(insider.id);
    const before = (await (await t.app.request("/api/registry/labels")).json()) as { items: LabelJson[] };
    for (const lang of ["ja", "en"]) {
      const issue = await t.app.request(
        `/api/operator/labels?lang=${lang}`,
        json("POST", { productId }, headers),
      );
      expect(issue.status).toBe(403);
      const body = (await issue.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("OPERATOR_CONFLICT_OF_INTEREST");
      expect(body.error.message).toContain(lang === "ja" ? "利益相反" : "conflict of interest");
    }
    const revoke = await t.app.request(
      `/api/operator/labels/${regNo}/revoke`,
      json("POST", { reason: "own label" }, headers),
    );
    expect(revoke.status).toBe(403);
    expect(((await revoke.json()) as { error: { code: string } }).error.code).toBe(
      "OPERATOR_CONFLICT_OF_INTEREST",
    );
    const after = (await (await t.app.request("/api/registry/labels")).json()) as { items: LabelJson[] };
    expect(after.items).toEqual(before.items);
  });

  it("answers the JSON API with ETag and Cache-Control, 304 on revalidation and 404 JSON for unknown numbers", async () => {
    const res = await t.app.request(`/api/registry/labels/${regNo}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^"/);
    const body = (await res.json()) as LabelJson;
    expect(body.registrationNumber).toBe(regNo);
    expect(body).not.toHaveProperty("applicationId");
    const again = await t.app.request(`/api/registry/labels/${regNo}`, {
      headers: { "if-none-match": etag ?? "" },
    });
    expect(again.status).toBe(304);
    const missing = await t.app.request("/api/registry/labels/NOPE-1?lang=ja");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("NOPE-1"),
    });
    const search = await t.app.request("/api/registry/labels?q=sp-1");
    expect(((await search.json()) as { items: LabelJson[] }).items.map((l) => l.registrationNumber)).toEqual([
      regNo,
    ]);
    for (const q of ["SMART", "plug", regNo.slice(0, 8), "test mak"]) {
      const found = await t.app.request(`/api/registry/labels?q=${encodeURIComponent(q)}`);
      expect(((await found.json()) as { items: LabelJson[] }).items, q).toHaveLength(1);
    }
    const none = await t.app.request("/api/registry/labels?q=zzz");
    expect(((await none.json()) as { items: LabelJson[] }).items).toEqual([]);
  });

  it("serves the public label page (ja/en, no script, strict CSP) with only the fields the maker publishes", async () => {
    const page = await t.app.request(`/registry/${regNo}`, {
      headers: { "accept-language": "en-GB,en;q=0.9" },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('data-status="valid"');
    expect(html).toContain("Smart plug &#60;b&#62;");
    expect(html).not.toContain("<script");
    expect(html).not.toContain("2.0.1"); // not published yet
    // Asked again within seconds, the page is replayed whole: same body, same security headers, same ETag (304).
    const replay = await t.app.request(`/registry/${regNo}`, {
      headers: { "accept-language": "en-GB,en;q=0.9" },
    });
    expect(await replay.text()).toBe(html);
    for (const h of [
      "content-security-policy",
      "x-frame-options",
      "x-content-type-options",
      "etag",
      "cache-control",
    ])
      expect(replay.headers.get(h)).toBe(page.headers.get(h));
    const revalidated = await t.app.request(`/registry/${regNo}`, {
      headers: { "accept-language": "en", "if-none-match": page.headers.get("etag") ?? "" },
    });
    expect(revalidated.status).toBe(304);
    const ja = await (await t.app.request(`/registry/${regNo}?lang=ja`)).text();
    expect(ja).toContain('<html lang="ja">');
    expect(ja).toContain("有効");

    // The maker chooses what to publish (maker side; viewers cannot).
    const body = {
      version: 1,
      published: true,
      slug: "smart-plug",
      show: {
        modelNumbers: true,
        supportPeriod: true,
        latestFirmware: true,
        vulnerabilityContact: true,
        updateProcedure: false,
        label: true,
      },
      vulnerabilityContact: "psirt@example.jp",
      vulnerabilityPolicyUrl: "https://example.jp/psirt",
      securityTxtUrl: "https://example.jp/.well-known/security.txt",
      updateProcedure: { ja: "アプリから更新", en: "Update from the app" },
    };
    const viewer = (await t.user("viewer")).headers;
    expect(
      (await t.app.request(`/api/products/${productId}/publication`, json("PUT", body, viewer))).status,
    ).toBe(403);
    const saved = await t.app.request(
      `/api/products/${productId}/publication`,
      json("PUT", body, editorHeaders),
    );
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { version: number }).version).toBe(2);
    const stale = await t.app.request(
      `/api/products/${productId}/publication`,
      json("PUT", body, editorHeaders),
    );
    expect(stale.status).toBe(409);

    const published = await (await t.app.request(`/registry/${regNo}?lang=en`)).text();
    expect(published).toContain("2.0.1");
    expect(published).toContain("CVE-2026-0001 telnet removed");
    expect(published).toContain("2031-03-31");
    expect(published).toContain("mailto:psirt@example.jp");
    expect(published).not.toContain("Update from the app"); // switched off
    expect(published).toContain('href="/p/smart-plug?lang=en"');

    const product = await t.app.request("/p/smart-plug?lang=en");
    expect(product.status).toBe(200);
    const productHtml = await product.text();
    expect(productHtml).toContain(regNo);
    expect(productHtml).toContain("SP-1");
    expect((await t.app.request(`/p/${productId}`)).status).toBe(200);
    expect((await t.app.request("/p/unknown-page")).status).toBe(404);
    expect((await t.app.request("/registry/NOPE-1")).status).toBe(404);
  });

  it("shows a product page before any label, and nothing when unpublished", async () => {
    const ctx = { orgId: t.orgId, actor: { id: null, name: "maker" }, lang: "en" as const };
    const other = await createProduct(t.deps, ctx, { name: "Door sensor", category: "sensor" });
    expect((await t.app.request(`/p/${other.id}`)).status).toBe(404);
    const body = {
      version: 0,
      published: true,
      slug: null,
      show: {
        modelNumbers: false,
        supportPeriod: true,
        latestFirmware: true,
        vulnerabilityContact: false,
        updateProcedure: false,
        label: true,
      },
      vulnerabilityContact: null,
      vulnerabilityPolicyUrl: null,
      securityTxtUrl: null,
      updateProcedure: null,
    };
    expect(
      (await t.app.request(`/api/products/${other.id}/publication`, json("PUT", body, editorHeaders))).status,
    ).toBe(200);
    const html = await (await t.app.request(`/p/${other.id}?lang=en`)).text();
    expect(html).toContain("Door sensor");
    expect(html).toContain("This product has no label yet");
    expect(html).toContain("No release published");
  });

  it("revokes (operator only): the page, the API, the export and the signed status list say revoked", async () => {
    const path = `/api/operator/labels/${regNo}/revoke`;
    expect((await t.app.request(path, json("POST", { reason: "x" }, editorHeaders))).status).toBe(403);
    expect((await t.app.request(path, json("POST", {}, operator))).status).toBe(400);
    // The page is answered (and kept for replay) before the revocation; revoking must drop the kept copy at once.
    const before = await (await t.app.request(`/registry/${regNo}?lang=en`)).text();
    expect(before).toContain('data-status="valid"');
    const res = await t.app.request(path, json("POST", { reason: "Vulnerability left unfixed" }, operator));
    expect(res.status).toBe(200);
    expect((await t.app.request(path, json("POST", { reason: "again" }, operator))).status).toBe(409);

    const html = await (await t.app.request(`/registry/${regNo}?lang=en`)).text();
    expect(html).toContain('data-status="revoked"');
    expect(html).toContain("Vulnerability left unfixed");
    const api = (await (await t.app.request(`/api/registry/labels/${regNo}`)).json()) as LabelJson;
    expect(api.status).toBe("revoked");
    const list = await t.app.request("/api/registry/labels?status=revoked");
    expect(((await list.json()) as { items: LabelJson[] }).items).toHaveLength(1);

    const csv = await t.app.request("/api/registry/export?format=csv");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect(bytes.subarray(0, 3).toString("hex")).toBe("efbbbf"); // BOM: spreadsheets read Japanese right
    const text = bytes.subarray(3).toString("utf8");
    expect(text.split("\r\n")[0]).toBe(
      "registrationNumber,status,starLevel,product,maker,modelNumbers,validFrom,validUntil,revokedAt,revocationReason,url",
    );
    expect(text).toContain(`${regNo},revoked,1,Smart plug <b>,Test maker,SP-1,`);
    const exported = (await (await t.app.request("/api/registry/export")).json()) as LabelJson[];
    expect(exported).toHaveLength(1);

    const status = await t.app.request("/api/registry/status-list");
    expect(status.headers.get("content-type")).toBe("application/jose");
    const payload = JSON.parse(
      Buffer.from((await status.text()).split(".")[1] ?? "", "base64url").toString(),
    );
    expect(payload.revoked).toEqual([
      expect.objectContaining({ registrationNumber: regNo, reason: "Vulnerability left unfixed" }),
    ]);
  });

  it("publishes the keys, rotates them, and serves the artwork", async () => {
    const before = (await (await t.app.request("/.well-known/jwks.json")).json()) as {
      keys: { kid: string }[];
    };
    expect(before.keys).toHaveLength(1);
    const rotated = await t.app.request("/api/operator/label-keys/rotate", {
      method: "POST",
      headers: operator,
    });
    expect(rotated.status).toBe(200);
    const after = (await (await t.app.request("/api/registry/jwks")).json()) as { keys: { kid: string }[] };
    expect(after.keys).toHaveLength(2);
    expect(after.keys.map((k) => k.kid)).toContain(before.keys[0]?.kid);
    const svg = await t.app.request(`/api/registry/labels/${regNo}/label.svg`);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    expect(await svg.text()).toContain(regNo);
    const png = await t.app.request(`/api/registry/labels/${regNo}/label.png`);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
  });

  it("lets an operator configure the number format and refuses a bad one", async () => {
    const current = await (
      await t.app.request("/api/operator/registry-settings", { headers: operator })
    ).json();
    const bad = await t.app.request(
      "/api/operator/registry-settings",
      json("PUT", { ...current, registrationNumberFormat: "NOSEQ" }, operator),
    );
    expect(bad.status).toBe(400);
    const ok = await t.app.request(
      "/api/operator/registry-settings",
      json("PUT", { ...current, registrationNumberFormat: "SBX-{seq:4}", sandbox: false }, operator),
    );
    expect(ok.status).toBe(200);
    const issued = await t.app.request(
      "/api/operator/labels",
      json("POST", { product: "P", maker: "M" }, operator),
    );
    expect(((await issued.json()) as LabelJson).registrationNumber).toBe("SBX-0001");
  });
});
