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
  startStack,
} from "./harness.ts";

const EDITOR = "lang@example.jp";

describe.runIf(hasChromium())("language switch", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, EDITOR, "editor", "Lang Tester");
    browser = await openBrowser("en-US");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("starts in English for an English browser and switches texts and server errors to Japanese and back", async () => {
    const { page } = browser;
    const h1 = () => page.locator("h1").textContent();
    await page.goto(`${stack.url}/signin`);
    await poll(h1).toBe("Sign in");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");

    await page.locator("#email").fill(EDITOR);
    await page.locator("#password").fill("not the password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("The e-mail address or password is not correct.");
    await screenshot(page, "30-signin-en");

    await page.getByRole("button", { name: "日本語" }).click();
    await poll(h1).toBe("サインイン");
    expect(await page.locator("html").getAttribute("lang")).toBe("ja");
    expect(await page.getByRole("button", { name: "日本語" }).getAttribute("aria-pressed")).toBe("true");
    await page.getByRole("button", { name: "サインイン" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("メールアドレスまたはパスワードが正しくありません。");
    await screenshot(page, "31-signin-ja");

    await page.locator("#password").fill(PASSWORD);
    await page.getByRole("button", { name: "サインイン" }).click();
    await page.waitForURL(`${stack.url}/`);
    await poll(h1).toBe("製品一覧");
    await page.getByRole("button", { name: "English" }).click();
    await poll(h1).toBe("Products");
    await poll(() => page.getByRole("link", { name: "Register a product" }).count()).toBe(1);

    await page.reload();
    await poll(h1).toBe("Products");
  }, 60_000);
});
