import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember, PASSWORD, setupAdmin } from "./api.ts";
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

const EDITOR = "draft@example.jp";

describe.runIf(hasChromium())("an expired session", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, EDITOR, "editor", "下書き 四郎");
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("sends the user to sign-in and brings back what was typed", async () => {
    const { page, context } = browser;
    await signIn(page, stack.url, EDITOR, PASSWORD);
    await page.getByRole("link", { name: "製品を登録" }).click();
    await page.locator("#name").fill("ROUTER-9 下書き");
    await page.locator("#description").fill("入力途中の説明文");
    await page.getByLabel("有線 LAN（Ethernet）").check();

    await context.clearCookies();
    await page.getByRole("button", { name: "登録" }).click();
    await page.waitForURL("**/signin");
    await poll(() => page.getByText("セッションの有効期限が切れました").count()).toBe(1);
    await screenshot(page, "50-session-expired");

    await page.locator("#email").fill(EDITOR);
    await page.locator("#password").fill(PASSWORD);
    await page.getByRole("button", { name: "サインイン" }).click();
    await page.waitForURL("**/products/new");
    expect(await page.locator("#name").inputValue()).toBe("ROUTER-9 下書き");
    expect(await page.locator("#description").inputValue()).toBe("入力途中の説明文");
    expect(await page.getByLabel("有線 LAN（Ethernet）").isChecked()).toBe(true);

    await page.getByRole("button", { name: "登録" }).click();
    await page.waitForURL(/\/products\/[^/]+$/);
    await poll(() => page.locator("h1").textContent()).toBe("ROUTER-9 下書き");
    await page.goto(`${stack.url}/products/new`);
    expect(await page.locator("#name").inputValue()).toBe("");
  }, 60_000);
});
