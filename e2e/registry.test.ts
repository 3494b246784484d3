import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Admin, type ApiSession, Authenticator, apiSignIn, PASSWORD, setupAdmin } from "./api.ts";
import {
  type Browser,
  ensureWebBuilt,
  hasChromium,
  openBrowser,
  poll,
  ROOT,
  type Stack,
  screenshot,
  startStack,
} from "./harness.ts";

const BIN = join(ROOT, "apps/cli/bin/jcstar.js");
const verify = (args: string[]) =>
  new Promise<{ status: number | null; stdout: string }>((done) => {
    execFile(
      process.execPath,
      [BIN, "label", "verify", ...args],
      { encoding: "utf8", timeout: 120_000 },
      (e, out) => done({ status: e ? (typeof e.code === "number" ? e.code : null) : 0, stdout: out }),
    );
  });

type Label = { registrationNumber: string; status: string };

/** The text a QR code in a PNG holds. */
function readQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

describe.runIf(hasChromium())("the public label registry", () => {
  let stack: Stack;
  let browser: Browser;
  let admin: Admin;
  let operator: ApiSession;
  let label: Label;
  const dir = mkdtempSync(join(tmpdir(), "jcstar-e2e-label-"));

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    admin = await setupAdmin(stack.url, stack.setupToken);
    // Registry side: an operator account with its second factor (makers can never act as operators).
    await admin.api.ok("POST", "/api/admin/users", {
      email: "operator@example.jp",
      name: "登録簿 運用者",
      password: PASSWORD,
      instanceRole: "operator",
    });
    operator = await apiSignIn(stack.url, "operator@example.jp");
    const { secret } = await operator.ok<{ secret: string }>("POST", "/api/auth/totp/setup", {
      currentPassword: PASSWORD,
    });
    await operator.ok("POST", "/api/auth/totp/enable", { code: await new Authenticator(secret).code() });
    await operator.refreshMe();
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("operator issues a label; its QR code opens the product page in the browser", async () => {
    // Maker side: the product, a firmware release and what the maker publishes.
    const product = await admin.api.ok<{ id: string }>("POST", "/api/products", {
      name: "見守りカメラ HC-1",
      category: "camera",
      supportEndDate: "2031-03-31",
      modelNumbers: ["HC-1A", "HC-1B"],
    });
    await admin.api.ok("POST", `/api/products/${product.id}/releases`, {
      version: "1.4.2",
      releasedOn: "2026-11-01",
      securityFixes: ["既定パスワードの廃止"],
    });
    await admin.api.ok("PUT", `/api/products/${product.id}/publication`, {
      version: 0,
      published: true,
      slug: "hc-1",
      show: {
        modelNumbers: true,
        supportPeriod: true,
        latestFirmware: true,
        vulnerabilityContact: true,
        updateProcedure: true,
        label: true,
      },
      vulnerabilityContact: "psirt@example.jp",
      vulnerabilityPolicyUrl: "https://example.jp/psirt",
      securityTxtUrl: "https://example.jp/.well-known/security.txt",
      updateProcedure: { ja: "アプリの「更新」を押します。", en: "Press Update in the app." },
    });
    expect((await admin.api.call("POST", "/api/operator/labels", { productId: product.id })).status).toBe(
      403,
    );

    label = await operator.ok<Label>("POST", "/api/operator/labels", { productId: product.id });
    const png = await fetch(`${stack.url}/api/registry/labels/${label.registrationNumber}/label.png`);
    expect(png.headers.get("content-type")).toBe("image/png");
    const url = readQr(Buffer.from(await png.arrayBuffer()));
    expect(url).toBe(`${stack.url}/registry/${label.registrationNumber}`);

    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 }); // a phone held to a label
    await page.goto(url as string);
    await poll(() => page.locator("h1").textContent()).toBe("見守りカメラ HC-1");
    expect(await page.locator("[data-status]").getAttribute("data-status")).toBe("valid");
    const text = (await page.locator("main").textContent()) ?? "";
    for (const shown of [
      label.registrationNumber,
      "★1",
      "HC-1A, HC-1B",
      "2031-03-31",
      "1.4.2",
      "既定パスワードの廃止",
      "psirt@example.jp",
      "アプリの「更新」を押します。",
    ])
      expect(text).toContain(shown);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    await screenshot(page, "registry-label-valid");

    await page.getByRole("link", { name: "English" }).click();
    await poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    await poll(() => page.locator("[data-status]").textContent()).toBe("Valid");
    await page.getByRole("link", { name: "Product security information page" }).click();
    await poll(() => page.locator("h1").textContent()).toBe("見守りカメラ HC-1");
    expect(page.url()).toContain("/p/hc-1");
    await screenshot(page, "registry-product-page");
    expect(browser.errors).toEqual([]);
  });

  it("a revoked label shows as revoked, and jcstar label verify says so; a forged payload is rejected", async () => {
    await operator.ok("POST", `/api/operator/labels/${label.registrationNumber}/revoke`, {
      reason: "脆弱性の未修正",
    });
    const { page } = browser;
    await page.goto(`${stack.url}/registry/${label.registrationNumber}?lang=ja`);
    await poll(() => page.locator("[data-status]").getAttribute("data-status")).toBe("revoked");
    expect(await page.locator("main").textContent()).toContain("脆弱性の未修正");
    await screenshot(page, "registry-label-revoked");

    await page.goto(`${stack.url}/registry?q=hc-1&lang=ja`);
    await poll(() => page.locator("ul.results li").count()).toBe(1);
    await screenshot(page, "registry-search");

    const online = await verify([`${stack.url}/registry/${label.registrationNumber}`]);
    expect(online.stdout).toContain("REVOKED");
    expect(online.status).toBe(1);

    const jws = await (
      await fetch(`${stack.url}/api/registry/labels/${label.registrationNumber}/payload`)
    ).text();
    const [h, p, s] = jws.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    claims.label.product = "別の製品";
    const forged = join(dir, "forged.jws");
    writeFileSync(forged, [h, Buffer.from(JSON.stringify(claims)).toString("base64url"), s].join("."));
    const jwks = join(dir, "jwks.json");
    writeFileSync(jwks, await (await fetch(`${stack.url}/.well-known/jwks.json`)).text());
    const result = await verify([forged, "--jwks", jwks]);
    expect(result.stdout).toContain("FORGED");
    expect(result.status).toBe(1);
  });
});
