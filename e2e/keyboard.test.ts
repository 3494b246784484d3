import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember, PASSWORD, setupAdmin } from "./api.ts";
import {
  type Browser,
  ensureWebBuilt,
  hasChromium,
  openBrowser,
  poll,
  type Stack,
  startStack,
} from "./harness.ts";

const EDITOR = "keys@example.jp";

describe.runIf(hasChromium())("keyboard use", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, EDITOR, "editor", "鍵盤 八郎");
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("signs in and registers a product with the keyboard alone, with a visible focus outline", async () => {
    const { page } = browser;
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const style = el ? getComputedStyle(el) : null;
        return {
          id: el?.id ?? "",
          tag: el?.tagName ?? "",
          text: el?.textContent ?? "",
          outline: style?.outlineStyle ?? "none",
        };
      });
    await page.goto(`${stack.url}/signin`);
    await poll(() => page.locator("h1").textContent()).toBe("サインイン");

    await page.keyboard.press("Tab");
    const skip = await focused();
    expect(skip.text).toBe("本文へ移動");
    expect(skip.outline).not.toBe("none");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    expect((await focused()).id).toBe("email");
    expect((await focused()).outline).not.toBe("none");
    await page.keyboard.type(EDITOR);
    await page.keyboard.press("Tab");
    expect((await focused()).id).toBe("password");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${stack.url}/`);

    // From the top of the page, Tab reaches "register a product" and Enter follows it.
    await page.locator("main").focus();
    for (let i = 0; i < 10 && (await focused()).text !== "製品を登録"; i++) await page.keyboard.press("Tab");
    expect((await focused()).outline).not.toBe("none");
    await page.keyboard.press("Enter");
    await page.waitForURL("**/products/new");
    await page.locator("#name").focus();
    await page.keyboard.type("KEY-1");
    await page.keyboard.press("Tab");
    expect((await focused()).id).toBe("category");
    await page.keyboard.press("Tab");
    expect((await focused()).id).toBe("description");
    await page.locator("#interface-wifi").focus();
    await page.keyboard.press("Space");
    expect(await page.locator("#interface-wifi").isChecked()).toBe(true);
    await page.locator("#name").focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/products\/[^/]+$/);
    await poll(() => page.locator("h1").textContent()).toBe("KEY-1");
  }, 60_000);
});
