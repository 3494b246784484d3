import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Admin,
  type ApiSession,
  Authenticator,
  apiSignIn,
  createMember,
  PASSWORD,
  setupAdmin,
} from "./api.ts";
import {
  type Browser,
  ensureWebBuilt,
  hasChromium,
  openBrowser,
  poll,
  type Stack,
  screenshot,
  signIn,
  startStack,
} from "./harness.ts";
import { signedOffProduct } from "./ready-product.ts";

const EDITOR = "publish-editor@example.jp";
const VIEWER = "publish-viewer@example.jp";
const PRODUCT = "スマートロック SL-7";

describe.runIf(hasChromium())("the product security information page settings (web)", () => {
  let stack: Stack;
  let browser: Browser;
  let admin: Admin;
  let operator: ApiSession;
  let productId: string;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, EDITOR, "editor", "公開 担当");
    await createMember(admin, VIEWER, "viewer", "閲覧 担当");
    productId = (
      await admin.api.ok<{ id: string }>("POST", "/api/products", {
        name: PRODUCT,
        category: "other",
        supportEndDate: "2032-03-31",
        modelNumbers: ["SL-7A"],
      })
    ).id;
    await admin.api.ok("POST", "/api/admin/users", {
      email: "publish-operator@example.jp",
      name: "登録簿 運用者",
      password: PASSWORD,
      instanceRole: "operator",
    });
    operator = await apiSignIn(stack.url, "publish-operator@example.jp");
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
  });

  it("an editor publishes from the web page and the public page shows the product; a viewer only reads", async () => {
    const { page } = browser;
    await signIn(page, stack.url, EDITOR, PASSWORD);
    await page.goto(`${stack.url}/products/${productId}`);
    await page.getByRole("link", { name: "公開設定（製品セキュリティ情報ページ）" }).click();
    await page.waitForURL(`**/products/${productId}/publication`);
    await poll(() => page.getByTestId("public-page-off").textContent()).toContain(`/p/${productId}`);

    // Before publishing, the public page does not exist.
    expect((await fetch(`${stack.url}/p/sl-7`)).status).toBe(404);
    await page.getByLabel("製品セキュリティ情報ページを公開する").check();
    await page.getByLabel("公開アドレス（/p/ の後ろ）").fill("sl-7");
    await page.getByLabel("型番").check();
    await page.getByLabel("★レベルと登録番号（ラベル）").check();
    await page.getByRole("button", { name: "保存" }).click();
    await poll(() => page.getByText("保存しました。").count()).toBe(1);
    const link = page.getByTestId("public-page-link");
    await poll(() => link.getAttribute("href")).toBe("/p/sl-7?lang=ja");
    await screenshot(page, "publication-editor");

    await link.click();
    await page.waitForURL("**/p/sl-7?lang=ja");
    await poll(() => page.locator("h1").textContent()).toBe(PRODUCT);
    expect(await page.locator("main").textContent()).toContain("SL-7A");

    // Once the registry issues a label for the product, the settings page links to its registry page.
    const label = await operator.ok<{ registrationNumber: string }>("POST", "/api/operator/labels", {
      productId,
    });
    await page.goto(`${stack.url}/products/${productId}/publication`);
    const registry = page.getByRole("link", { name: `登録簿のページ ${label.registrationNumber}` });
    await poll(() => registry.count()).toBe(1);
    await registry.click();
    await poll(() => page.locator("[data-status]").getAttribute("data-status")).toBe("valid");
    expect(browser.errors).toEqual([]);

    // A viewer sees the same settings, read-only.
    await browser.context.clearCookies();
    await signIn(page, stack.url, VIEWER, PASSWORD);
    await page.goto(`${stack.url}/products/${productId}/publication`);
    const published = page.getByLabel("製品セキュリティ情報ページを公開する");
    await poll(() => published.isChecked()).toBe(true);
    expect(await published.isDisabled()).toBe(true);
    expect(await page.getByLabel("公開アドレス（/p/ の後ろ）").inputValue()).toBe("sl-7");
    expect(await page.getByLabel("公開アドレス（/p/ の後ろ）").isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "保存" }).count()).toBe(0);
    expect(await page.getByText("閲覧権限のため、この画面は参照のみです。").count()).toBe(1);
    await screenshot(page, "publication-viewer");
  });

  it("an application whose label this registry issued offers the label downloads", async () => {
    await operator.ok("PUT", "/api/operator/registry-settings", { enabled: true, sandbox: true });
    const maker = await apiSignIn(stack.url, EDITOR);
    const product = await signedOffProduct(maker, admin.api);
    let app = await maker.ok<{ id: string; version: number }>("POST", "/api/applications", {
      productId: product,
      channel: "registry",
    });
    const step = async (who: ApiSession, action: string) => {
      const path =
        who === operator
          ? `/api/operator/applications/${app.id}/transitions`
          : `/api/applications/${app.id}/transitions`;
      // Issuing records the expiry the operator enters (within two years of issuance).
      const more =
        action === "issue_label" ? { labelExpiresOn: `${new Date().getUTCFullYear() + 1}-06-30` } : {};
      app = await who.ok("POST", path, { action, version: app.version, ...more });
    };
    for (const [who, action] of [
      [maker, "mark_ready"],
      [maker, "request_number"],
      [maker, "submit"],
      [operator, "accept"],
      [operator, "invoice_fee"],
      [maker, "pay_fee"],
      [operator, "issue_label"],
    ] as const)
      await step(who, action);
    const { registrationNumber } = app as unknown as { registrationNumber: string };
    expect(registrationNumber).toBeTruthy();

    const { page } = browser;
    await browser.context.clearCookies();
    await signIn(page, stack.url, EDITOR, PASSWORD);
    await page.goto(`${stack.url}/applications/${app.id}`);
    const downloads = page.getByTestId("label-downloads");
    await poll(() => downloads.count()).toBe(1);
    const expected: [string, string][] = [
      ["ラベル画像（SVG）", "image/svg+xml"],
      ["ラベル画像（印刷用 PNG）", "image/png"],
      ["署名付きラベルデータ（JWS）", "application/jose"],
      ["登録簿の公開ページ", "text/html"],
    ];
    for (const [name, type] of expected) {
      const href = await downloads.getByRole("link", { name }).getAttribute("href");
      expect(href).toContain(encodeURIComponent(registrationNumber));
      const response = await fetch(`${stack.url}${href}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get("content-type"), name).toContain(type);
    }
    await screenshot(page, "publication-label-downloads");
    expect(browser.errors).toEqual([]);
  });
});
