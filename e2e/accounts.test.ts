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

const NEW_PASSWORD = "a different long passphrase 42";

describe.runIf(hasChromium())("account pages", () => {
  let stack: Stack;
  let owner: Browser;
  let other: Browser;
  let admin: Admin;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    admin = await setupAdmin(stack.url, stack.setupToken);
    owner = await openBrowser("ja-JP");
    other = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await owner?.close();
    await other?.close();
    await stack?.close();
  });

  it("invites a member who accepts, changes their role, and manages users, tokens and the password", async () => {
    const page = owner.page;
    await signIn(page, stack.url, admin.email, PASSWORD, () => admin.auth.code());

    // Invitation → acceptance in another browser.
    await page.getByRole("link", { name: "メンバー" }).click();
    await page.locator("#invite-email").fill("invited@example.jp");
    await page.locator("#invite-role").selectOption("editor");
    await page.getByRole("button", { name: "招待リンクを作成" }).click();
    const url = (await page.getByTestId("invite-url").textContent()) ?? "";
    expect(url).toMatch(/\/invite\/\S+$/);
    await screenshot(page, "60-members-invite");

    await other.page.goto(url);
    await poll(() => other.page.locator("main").textContent()).toContain("テスト電機株式会社");
    await other.page.locator("#name").fill("招待 五郎");
    await other.page.locator("#password").fill("password123456");
    await other.page.getByRole("button", { name: "アカウントを作成" }).click();
    // The server refuses a common password; its detail appears next to the field, in Japanese.
    await poll(() => other.page.locator("#password-error").textContent()).toContain("推測されやすい");
    await other.page.locator("#password").fill(PASSWORD);
    await other.page.getByRole("button", { name: "アカウントを作成" }).click();
    await other.page.waitForURL(`${stack.url}/`);
    await poll(() => other.page.locator("header").textContent()).toContain("招待 五郎");
    await poll(() => other.page.getByRole("link", { name: "製品を登録" }).count()).toBe(1);

    // Role change: editor → viewer.
    await page.reload();
    const role = page.getByLabel("招待 五郎 のロール");
    await poll(() => role.inputValue()).toBe("editor");
    await role.selectOption("viewer");
    await page.getByRole("button", { name: "保存" }).click();
    await expect
      .poll(
        async () =>
          (await admin.api.ok<{ email: string; role: string }[]>("GET", "/api/org/members")).find(
            (m) => m.email === "invited@example.jp",
          )?.role,
      )
      .toBe("viewer");
    await other.page.reload();
    await poll(() => other.page.locator("h1").textContent()).toBe("製品一覧");
    await poll(() => other.page.getByRole("link", { name: "製品を登録" }).count()).toBe(0);

    // Admin: create a user, issue a reset link, the user sets a new password and signs in, then erase them.
    await page.getByRole("link", { name: "ユーザー管理" }).click();
    await page.locator("#user-email").fill("reset@example.jp");
    await page.locator("#user-name").fill("再設定 六郎");
    await page.locator("#user-password").fill(PASSWORD);
    await page.getByRole("button", { name: "作成", exact: true }).click();
    const row = page.locator("tr", { hasText: "reset@example.jp" });
    await row.getByRole("button", { name: "再設定リンクを発行" }).click();
    const resetUrl = (await row.locator("code").textContent()) ?? "";
    expect(resetUrl).toMatch(/\/reset\/\S+$/);
    await screenshot(page, "61-admin-users");

    await other.page.getByRole("button", { name: "サインアウト" }).click();
    await other.page.goto(resetUrl);
    await other.page.locator("#password").fill(NEW_PASSWORD);
    await other.page.getByRole("button", { name: "パスワードを設定" }).click();
    await expect
      .poll(() => other.page.getByRole("status").textContent())
      .toContain("パスワードを設定しました");
    await signIn(other.page, stack.url, "reset@example.jp", NEW_PASSWORD);

    await row.getByRole("button", { name: "削除（消去）" }).click();
    await row.getByRole("button", { name: /完全に削除する/ }).click();
    await poll(() => page.locator("tr", { hasText: "reset@example.jp" }).count()).toBe(0);

    // Account: an API token shown once, then revoked; a password change.
    await page.getByRole("link", { name: "アカウント" }).click();
    await page.locator("#token-name").fill("CI");
    await page.getByLabel("読み書き").check();
    await page.getByRole("button", { name: "作成", exact: true }).click();
    const token = (await page.getByTestId("new-token").textContent()) ?? "";
    expect(token).toMatch(/^jcs_/);
    const byToken = await fetch(`${stack.url}/api/products`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(byToken.status).toBe(200);
    await screenshot(page, "62-account-token");
    await page.getByRole("button", { name: "トークン CI を無効化" }).click();
    await poll(() => page.getByRole("button", { name: "トークン CI を無効化" }).count()).toBe(0);
    const revoked = await fetch(`${stack.url}/api/products`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.status).toBe(401);

    await page.locator("#currentPassword").fill(PASSWORD);
    await page.locator("#newPassword").fill("short");
    await page.getByRole("button", { name: "パスワードを変更" }).click();
    await poll(() => page.locator("#newPassword-error").textContent()).toContain("12");
    await page.locator("#newPassword").fill(NEW_PASSWORD);
    // The admin has a second factor: a password change asks for a code too.
    await page.locator("#totp").fill(await admin.auth.code());
    await page.getByRole("button", { name: "パスワードを変更" }).click();
    await expect
      .poll(() => page.locator("#password-heading ~ form .form-success").textContent())
      .toContain("パスワードを変更しました");
    // Every other session and every API token of the admin ended with the old password.
    expect((await admin.api.call("GET", "/api/auth/me")).status).toBe(401);
    expect(owner.errors).toEqual([]);
  }, 120_000);
  it("shows the public URL in use, and why nothing is mailed or linked without one", async () => {
    const page = owner.page;
    await page.goto(`${stack.url}/admin/public-url`);
    await poll(() => page.getByTestId("public-url-in-use").textContent()).toContain(stack.url);
    await page.locator("#publicUrl").fill("");
    await page.getByRole("button", { name: "公開URLを保存" }).click();
    await poll(() => page.getByTestId("public-url-missing").textContent()).toContain("メール");
    await screenshot(page, "64-admin-public-url-missing");
    // Without it, an invitation link cannot be made: the page says why.
    await page.goto(`${stack.url}/org/members`);
    await page.locator("#invite-email").fill("later@example.jp");
    await page.getByRole("button", { name: "招待リンクを作成" }).click();
    await poll(() => page.locator("main").textContent()).toContain("公開URLが設定されていない");
    await page.goto(`${stack.url}/admin/public-url`);
    await page.locator("#publicUrl").fill(`${stack.url}/path`);
    await page.getByRole("button", { name: "公開URLを保存" }).click();
    await poll(() => page.locator("#publicUrl-error").count()).toBe(1);
    await page.locator("#publicUrl").fill(stack.url);
    await page.getByRole("button", { name: "公開URLを保存" }).click();
    await poll(() => page.getByTestId("public-url-in-use").textContent()).toContain(stack.url);
  });
});
