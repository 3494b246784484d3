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

describe.runIf(hasChromium())("a maker organisation and its first owner from the admin pages", () => {
  let stack: Stack;
  let browser: Browser;
  let ownerBrowser: Browser;
  let admin: Admin;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    browser = await openBrowser("ja-JP");
    ownerBrowser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await ownerBrowser?.close();
    await stack?.close();
  });

  it("the first-run screen says what its organisation name is", async () => {
    const { page } = browser;
    await page.goto(`${stack.url}/setup`);
    const hint = page.locator("#organisationName-hint");
    await poll(() => hint.textContent()).toContain("運営者");
    expect(await hint.textContent()).toContain("組織管理");
    expect(await page.locator("#organisationName").getAttribute("aria-describedby")).toContain(
      "organisationName-hint",
    );
    admin = await setupAdmin(stack.url, stack.setupToken);
  }, 60_000);

  it("creates the organisation, invites its owner by link; the owner joins and lands in it", async () => {
    const { page } = browser;
    await signIn(page, stack.url, admin.email, PASSWORD, () => admin.auth.code());
    await page.getByRole("link", { name: "組織管理" }).click();
    await poll(() => page.locator("h1").textContent()).toBe("組織管理");
    await poll(() => page.getByTestId("org-row").count()).toBe(1);
    await page.getByLabel("組織名").fill("株式会社カメラ工房");
    await page.getByRole("button", { name: "組織を作成" }).click();
    const row = page.getByTestId("org-row").filter({ hasText: "株式会社カメラ工房" });
    await poll(() => row.textContent()).toContain("オーナー未登録");
    const invite = page.getByRole("region", { name: "株式会社カメラ工房 にオーナーを招待" });
    await invite.getByLabel("招待するメールアドレス").fill("first-owner@example.jp");
    expect(await invite.getByLabel("ロール").inputValue()).toBe("owner");
    await invite.getByRole("button", { name: "招待リンクを発行" }).click();
    const link = (await invite.getByTestId("org-invite-link").locator("code").textContent()) ?? "";
    expect(link).toMatch(new RegExp(`^${stack.url}/invite/`));
    await screenshot(page, "81-admin-organisations");

    const owner = ownerBrowser.page;
    await owner.goto(link);
    await poll(() => owner.locator("main").textContent()).toContain("株式会社カメラ工房");
    await owner.locator("#name").fill("初代 オーナー");
    await owner.locator("#password").fill(PASSWORD);
    await owner.getByRole("button", { name: "アカウントを作成" }).click();
    await owner.waitForURL(`${stack.url}/`);
    await poll(() => owner.locator(".who").textContent()).toBe("初代 オーナー · 株式会社カメラ工房");
    await owner.getByRole("link", { name: "メンバー" }).click();
    await poll(() => owner.locator("main").textContent()).toContain("first-owner@example.jp");

    await page.reload();
    await poll(() => row.textContent()).not.toContain("オーナー未登録");
    expect(await page.getByRole("region", { name: "株式会社カメラ工房 にオーナーを招待" }).count()).toBe(0);
    expect([...browser.errors, ...ownerBrowser.errors]).toEqual([]);
  }, 90_000);
});
