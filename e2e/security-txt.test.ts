import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Admin, PASSWORD, setupAdmin } from "./api.ts";
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

describe.runIf(hasChromium())("the instance's security.txt set by an admin in the browser (ja)", () => {
  let stack: Stack;
  let browser: Browser;
  let admin: Admin;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    admin = await setupAdmin(stack.url, stack.setupToken, "security-admin@example.jp");
    browser = await openBrowser("ja-JP");
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("is 404 until the admin saves a contact and an expiry date, then serves them", async () => {
    expect((await fetch(`${stack.url}/.well-known/security.txt`)).status).toBe(404);
    const { page } = browser;
    await signIn(page, stack.url, admin.email, PASSWORD, () => admin.auth.code());
    await page.getByRole("link", { name: "security.txt" }).click();
    await page.waitForURL("**/admin/security-txt");
    await poll(() => page.locator("body").textContent()).toContain("公開していません（404）");
    await page.getByLabel("連絡先（1 行に 1 つ）").fill("mailto:security@example.jp");
    const expires = new Date(Date.now() + 60 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await page.getByLabel("有効期限（Expires）").fill(expires);
    await page.getByRole("button", { name: "security.txt を保存" }).click();
    await poll(() => page.getByRole("status").allTextContents()).toContain("保存しました。");
    await poll(() => page.locator("pre").textContent()).toContain("Contact: mailto:security@example.jp");
    await screenshot(page, "security-txt-01-admin");
    const res = await fetch(`${stack.url}/.well-known/security.txt`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain("Contact: mailto:security@example.jp\n");
    expect(text).toContain(`Expires: ${expires}T00:00:00Z\n`);
    expect(text).toContain("Preferred-Languages: ja, en\n");
  }, 120_000);
});
