import { createProduct, verdictExitCode, verifyLabel } from "@jcstar/core";
import { freePort, requireTool, tempDir, which } from "@jcstar/testkit";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECURITY_HEADERS } from "../security-headers.ts";
import { json, openTestApp, type TestApp } from "../test-app.ts";
import { exportRegistry } from "./export-registry.ts";
import { type RunningNginx, startRegistryNginx } from "./nginx.testing.ts";

/**
 * Headers that may differ between the app and nginx serving its export (docs/static-registry.md): each server's
 * own validators (nginx's ETag is its mtime-size tag, with Last-Modified) and connection framing.
 */
const DIFFERENT_HEADERS = new Set([
  "etag",
  "last-modified",
  "date",
  "server",
  "connection",
  "keep-alive",
  "accept-ranges",
  "content-length",
  "transfer-encoding",
]);
const LANGUAGES = [undefined, "en-US,en;q=0.9", "ja,en;q=0.8", "fr-CA, en;q=0.5", "en;q=0, ja", "de"];

const hasNginx = requireTool(
  "nginx",
  which("nginx") !== null,
  "nginx is not installed (apt-get install nginx-light)",
);

describe.skipIf(!hasNginx)("nginx serving the static registry (deploy/nginx/registry.conf)", () => {
  let t: TestApp;
  let nginx: RunningNginx;
  let productId: string;
  const dir = tempDir("jcstar-export-nginx-");
  const numbers: string[] = [];

  beforeAll(async () => {
    // The registry's origin is the static copy's: the QR codes point at nginx.
    const port = await freePort();
    t = await openTestApp("sqlite", { publicUrl: `http://127.0.0.1:${port}` });
    const operator = await t.session((await t.user(null, { instanceRole: "operator" })).id);
    const editor = (await t.user("editor")).headers;
    const ctx = { orgId: t.orgId, actor: { id: null, name: "maker" }, lang: "en" as const };
    productId = (
      await createProduct(t.deps, ctx, { name: "カメラ <Cam>", category: "camera", modelNumbers: ["CAM-1"] })
    ).id;
    const show = { modelNumbers: true, supportPeriod: true, latestFirmware: true };
    const publication = {
      version: 0,
      published: true,
      slug: "cam-1",
      show: { ...show, vulnerabilityContact: true, updateProcedure: true, label: true },
      vulnerabilityContact: "psirt@example.jp",
      vulnerabilityPolicyUrl: null,
      securityTxtUrl: null,
      updateProcedure: { ja: "手順", en: "Steps" },
    };
    expect(
      (await t.app.request(`/api/products/${productId}/publication`, json("PUT", publication, editor)))
        .status,
    ).toBe(200);
    const issue = async (body: Record<string, unknown>) => {
      const res = await t.app.request("/api/operator/labels", json("POST", body, operator));
      expect(res.status).toBe(201);
      numbers.push(((await res.json()) as { registrationNumber: string }).registrationNumber);
    };
    await issue({ productId });
    for (let i = 0; i < 21; i++) await issue({ product: `Router ${i}`, maker: "Net 社" });
    const revoke = json("POST", { reason: "鍵の漏えい" }, operator);
    expect((await t.app.request(`/api/operator/labels/${numbers[2]}/revoke`, revoke)).status).toBe(200);
    await exportRegistry(t.deps, dir.path);
    nginx = await startRegistryNginx(dir.path, { port });
  });
  afterAll(async () => {
    await nginx?.stop();
    await t?.close();
    dir.cleanup();
  });

  /** The same GET to the app and to nginx. */
  async function both(path: string, headers: Record<string, string> = {}) {
    const app = await t.app.request(path, { headers });
    const copy = await fetch(`${nginx.url}${path}`, { headers });
    return { app, copy, appBody: await app.text(), copyBody: await copy.text() };
  }

  function headerMap(res: Response): Record<string, string> {
    const out: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      if (!DIFFERENT_HEADERS.has(name)) out[name] = value;
    });
    return out;
  }

  function publicUrls(): string[] {
    const urls = [
      "/registry",
      "/registry?lang=en",
      "/registry?page=2&lang=ja",
      "/registry?page=2",
      "/.well-known/jwks.json",
      "/api/registry/jwks",
      "/public/registry.css",
      "/public/registry-search.js",
      "/api/registry/export",
      "/api/registry/export?format=json",
      "/api/registry/export?format=csv",
      "/p/cam-1",
      "/p/cam-1?lang=en",
      `/p/${productId}?lang=ja`,
      "/registry/NO-SUCH-1",
      "/registry/NO-SUCH-1?lang=en",
      "/p/no-such-page",
    ];
    for (const n of numbers)
      urls.push(
        `/registry/${n}`,
        `/registry/${n}?lang=ja`,
        `/registry/${n}?lang=en`,
        `/api/registry/labels/${n}`,
        `/api/registry/labels/${n}/payload`,
        `/api/registry/labels/${n}/label.svg`,
      );
    return urls;
  }

  it("answers every public URL with the app's status, body and headers (but the stated ones)", async () => {
    let compared = 0;
    for (const url of publicUrls())
      for (const lang of url.includes("lang=") ? [undefined] : LANGUAGES) {
        const headers: Record<string, string> = lang ? { "accept-language": lang } : {};
        const { app, copy, appBody, copyBody } = await both(url, headers);
        const where = `${url} (Accept-Language: ${lang ?? "none"})`;
        expect(copy.status, where).toBe(app.status);
        expect(copyBody, where).toBe(appBody);
        expect(headerMap(copy), where).toEqual(headerMap(app));
        compared += 1;
      }
    expect(compared).toBeGreaterThan(numbers.length * 6);
  });

  it("sends the app's security headers and revalidation headers: no-cache with an ETag that answers 304", async () => {
    const n = numbers[0] as string;
    const res = await fetch(`${nginx.url}/registry/${n}?lang=ja`);
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      expect(res.headers.get(name), name).toBe(value);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    const again = await fetch(`${nginx.url}/registry/${n}?lang=ja`, {
      headers: { "if-none-match": etag ?? "" },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get("cache-control")).toBe("no-cache");
    expect(again.headers.get("x-frame-options")).toBe("DENY");
  });

  it("serves the status list signed at export time with the app's revocations, and JSON 404s", async () => {
    const { app, copy, appBody, copyBody } = await both("/api/registry/status-list");
    expect(copy.headers.get("content-type")).toBe(app.headers.get("content-type"));
    const claims = (jws: string) => {
      const { iat: _iat, exp: _exp, ...rest } = decodeJwt(jws);
      return rest;
    };
    expect(claims(copyBody)).toEqual(claims(appBody));
    expect(JSON.stringify(claims(copyBody))).toContain(numbers[2]);
    const missing = await both("/api/registry/labels/NO-SUCH-1");
    expect([missing.app.status, missing.copy.status]).toEqual([404, 404]);
    expect(missing.copy.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(missing.copyBody).error.code).toBe(JSON.parse(missing.appBody).error.code);
  });

  it("verifies labels from the QR code's URL on the static copy alone (jcstar label verify)", async () => {
    const valid = await verifyLabel(`${nginx.url}/registry/${numbers[1]}`, { now: new Date() });
    expect(valid.outcome).toBe("valid");
    expect(verdictExitCode(valid)).toBe(0);
    const revoked = await verifyLabel(`${nginx.url}/registry/${numbers[2]}`, { now: new Date() });
    expect(revoked.outcome).toBe("revoked");
    expect(verdictExitCode(revoked)).toBe(1);
  });

  it("never serves the export's own files or its internal layout", async () => {
    for (const path of [
      "/.jcstar-export.json",
      "/registry/_list/1.ja.html",
      `/registry/${numbers[0]}.ja.html`,
      "/_errors/404.ja.html",
      "/p/cam-1.ja.html",
      "/api/registry/labels",
    ]) {
      const res = await fetch(`${nginx.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-security-policy"), path).toBe(
        SECURITY_HEADERS["Content-Security-Policy"],
      );
    }
  });
});
