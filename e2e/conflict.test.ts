import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiSession, apiSignIn, createMember, PASSWORD, setupAdmin } from "./api.ts";
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

const EDITOR = "conflict@example.jp";

describe.runIf(hasChromium())("concurrent edits", () => {
  let stack: Stack;
  let browser: Browser;
  let other: ApiSession;
  let productId: string;
  let assessmentId: string;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, EDITOR, "editor", "競合 七郎");
    other = await apiSignIn(stack.url, EDITOR);
    productId = (
      await other.ok<{ id: string }>("POST", "/api/products", { name: "HUB-1", category: "router" })
    ).id;
    assessmentId = (await other.ok<{ id: string }>("POST", `/api/products/${productId}/assessments`, {})).id;
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("shows a conflict message and reloads when someone else saved first", async () => {
    const { page } = browser;
    await signIn(page, stack.url, EDITOR, PASSWORD);

    await page.goto(`${stack.url}/products/${productId}`);
    await poll(() => page.locator("#name").inputValue()).toBe("HUB-1");
    await other.ok("PATCH", `/api/products/${productId}`, { version: 1, name: "HUB-1 (changed elsewhere)" });
    await page.locator("#name").fill("HUB-1 mine");
    await page.getByRole("button", { name: "保存" }).click();
    await expect
      .poll(() => page.getByRole("alert").first().textContent())
      .toContain("最新の内容を読み込み直しました");
    await poll(() => page.locator("#name").inputValue()).toBe("HUB-1 (changed elsewhere)");
    await page.locator("#name").fill("HUB-1 mine");
    await page.getByRole("button", { name: "保存" }).click();
    await poll(() => page.locator("h1").textContent()).toBe("HUB-1 mine");

    await page.goto(`${stack.url}/assessments/${assessmentId}`);
    const card = page.locator('[id="criterion-S1.1-06"]');
    await card.locator('[id="c-S1.1-06-state-non_conformant"]').check();
    await other.ok("PUT", `/api/assessments/${assessmentId}/results/S1.1-06`, {
      state: "non_conformant",
      version: 1,
      notes: "他の人",
    });
    await card.getByRole("button", { name: "判定を保存" }).click();
    await expect
      .poll(() => page.locator("main > section > .form-error").textContent())
      .toContain("最新の内容");
    await poll(() => card.getByTestId("criterion-state").textContent()).toBe("不適合");
    expect(await card.textContent()).toContain("他の人");
    await screenshot(page, "70-conflict");
  }, 60_000);
});
