import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Admin, createMember, PASSWORD, setupAdmin } from "./api.ts";
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

const EMAIL = "editor@example.jp";

describe.runIf(hasChromium())("brute-force lockout in the sign-in page", () => {
  let stack: Stack;
  let browser: Browser;
  let admin: Admin;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, EMAIL, "editor", "編集 次郎");
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("refuses even the correct password after five wrong ones, with the wait time", async () => {
    const { page } = browser;
    await page.goto(`${stack.url}/signin`);
    const status: number[] = [];
    let retryAfter = "";
    page.on("response", (r) => {
      if (!r.url().endsWith("/api/auth/login")) return;
      status.push(r.status());
      retryAfter = r.headers()["retry-after"] ?? "";
    });
    const attempt = async (password: string) => {
      const before = status.length;
      await page.locator("#email").fill(EMAIL);
      await page.locator("#password").fill(password);
      await page.getByRole("button", { name: "サインイン" }).click();
      await poll(() => status.length).toBe(before + 1);
      await poll(() => page.getByRole("alert").count()).toBeGreaterThan(0);
    };
    for (let i = 0; i < 5; i++) {
      await attempt(`wrong password number ${i}`);
    }
    expect(status.slice(0, 4)).toEqual([401, 401, 401, 401]);
    await attempt(PASSWORD);
    expect(status.at(-1)).toBe(429);
    const alert = (await page.getByRole("alert").textContent()) ?? "";
    expect(alert).toContain("一時的にロックされています");
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(alert).toContain(`${retryAfter} 秒後に再度お試しください`);
    expect(page.url()).toMatch(/\/signin$/);
    await screenshot(page, "10-locked-out");

    // The owner sees the lockout on the members page.
    await signIn(page, stack.url, admin.email, PASSWORD, () => admin.auth.code());
    await page.getByRole("link", { name: "メンバー" }).click();
    await poll(() => page.getByTestId("lockouts").textContent()).toContain(EMAIL);
    await screenshot(page, "11-owner-sees-lockout");
  }, 90_000);
});
