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

const EDITOR = "markup@example.jp";
const NAME = "<img src=x onerror=alert(1)>";

describe.runIf(hasChromium())("user text", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, EDITOR, "editor", "<b>編集</b>");
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("renders markup in a product name as text", async () => {
    const { page } = browser;
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, stack.url, EDITOR, PASSWORD);
    await page.getByRole("link", { name: "製品を登録" }).click();
    await page.locator("#name").fill(NAME);
    await page.getByRole("button", { name: "登録" }).click();
    await page.waitForURL(/\/products\/[^/]+$/);
    await poll(() => page.locator("h1").textContent()).toBe(NAME);
    await poll(() => page.locator("main img").count()).toBe(0);

    await page.goto(`${stack.url}/`);
    await poll(() => page.getByTestId("product-row").locator("h2").textContent()).toBe(NAME);
    await poll(() => page.locator("main img, header img").count()).toBe(0);
    expect(await page.locator("header").textContent()).toContain("<b>編集</b>");
    await screenshot(page, "40-markup-as-text");
    expect(dialogs).toEqual([]);
    expect(browser.errors).toEqual([]);
  }, 60_000);
});
