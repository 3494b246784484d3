import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Admin, apiSignIn, createMember, PASSWORD, setupAdmin } from "./api.ts";
import {
  type Browser,
  ensureWebBuilt,
  hasChromium,
  openBrowser,
  poll,
  type Stack,
  screenshot,
  startStack,
} from "./harness.ts";

const FIRST = "first@example.jp";
const SECOND = "second@example.jp";
const EXPIRED_NOTICE = "セッションの有効期限が切れました";

describe.runIf(hasChromium())("switching users in one browser tab", () => {
  let stack: Stack;
  let browser: Browser;
  let admin: Admin;
  let firstProductId = "";

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, FIRST, "editor", "一番 花子");
    const org = await admin.api.ok<{ id: string }>("POST", "/api/admin/organisations", { name: "別会社" });
    await admin.api.ok("POST", "/api/admin/users", {
      email: SECOND,
      name: "二番 次郎",
      password: PASSWORD,
      role: "owner",
      orgId: org.id,
    });
    const first = await apiSignIn(stack.url, FIRST);
    firstProductId = (
      await first.ok<{ id: string }>("POST", "/api/products", { name: "FIRST-CAM", category: "camera" })
    ).id;
    const second = await apiSignIn(stack.url, SECOND);
    await second.ok("POST", "/api/products", { name: "SECOND-SENSOR", category: "sensor" });
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function submitSignIn(email: string) {
    const { page } = browser;
    await page.locator("#email").fill(email);
    await page.locator("#password").fill(PASSWORD);
    await page.getByRole("button", { name: "サインイン" }).click();
  }

  async function typeDraftOnProductPageThenNew() {
    const { page } = browser;
    await page.goto(`${stack.url}/products/${firstProductId}`);
    await poll(() => page.locator("h1").textContent()).toBe("FIRST-CAM");
    await page.goto(`${stack.url}/products/new`);
    await page.locator("#name").fill("一番さんの下書き");
  }

  async function expectOwnHomeWithoutDraft() {
    const { page } = browser;
    await page.waitForURL(`${stack.url}/`);
    await poll(() => page.getByTestId("product-row").locator("h2").allTextContents()).toEqual([
      "SECOND-SENSOR",
    ]);
    await page.goto(`${stack.url}/products/new`);
    await poll(() => page.locator("#name").count()).toBe(1);
    expect(await page.locator("#name").inputValue()).toBe("");
  }

  it("after sign-out, the next user is not told of an expired session and lands on their own home", async () => {
    const { page } = browser;
    await page.goto(`${stack.url}/signin`);
    await submitSignIn(FIRST);
    await page.waitForURL(`${stack.url}/`);
    await typeDraftOnProductPageThenNew();
    await page.goto(`${stack.url}/products/${firstProductId}`);
    await poll(() => page.locator("h1").textContent()).toBe("FIRST-CAM");

    await page.getByRole("button", { name: "サインアウト" }).click();
    await page.waitForURL(`${stack.url}/signin`);
    await poll(() => page.locator("h1").textContent()).toBe("サインイン");
    expect(await page.getByText(EXPIRED_NOTICE).count()).toBe(0);
    await screenshot(page, "52-signed-out");

    await submitSignIn(SECOND);
    await expectOwnHomeWithoutDraft();
    await page.getByRole("button", { name: "サインアウト" }).click();
    await page.waitForURL(`${stack.url}/signin`);
  }, 90_000);

  it("after an expired session, another user signing in gets neither the page nor the draft", async () => {
    const { page, context } = browser;
    await page.goto(`${stack.url}/signin`);
    await submitSignIn(FIRST);
    await page.waitForURL(`${stack.url}/`);
    await typeDraftOnProductPageThenNew();

    await context.clearCookies();
    await page.getByRole("button", { name: "登録" }).click();
    await page.waitForURL("**/signin");
    await poll(() => page.getByText(EXPIRED_NOTICE).count()).toBe(1);

    await submitSignIn(SECOND);
    await expectOwnHomeWithoutDraft();
  }, 90_000);
});
