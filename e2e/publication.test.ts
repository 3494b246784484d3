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
    const { secret } = await operator.ok<{ secret: string }>("POST", "/api/auth/totp/setup");
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
});
