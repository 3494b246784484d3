import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSignIn, createMember, PASSWORD, setupAdmin } from "./api.ts";
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

const EDITOR = "forms@example.jp";

describe.runIf(hasChromium())("forms that accept what people type", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, EDITOR, "editor", "入力 五郎");
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("takes 2031/03/31 or the date picker, 〒100-0001, and starts IPA's public items as published", async () => {
    const { page } = browser;
    await signIn(page, stack.url, EDITOR, PASSWORD);
    await page.getByRole("link", { name: "製品を登録" }).click();
    await page.locator("#name").fill("FORM-CAM");
    await page.getByLabel("有線 LAN（Ethernet）").check();
    // Typed with slashes: the hint says how it is read.
    await page.locator("#supportEndDate").fill("2031/03/31");
    await poll(() => page.locator("#supportEndDate-hint").textContent()).toBe(
      "2031-03-31 として保存します。",
    );
    await page.locator("#supportEndDate").fill("2031-02-30");
    await page.getByRole("button", { name: "登録" }).click();
    await poll(() => page.locator("#supportEndDate-error").count()).toBe(1);
    expect(await page.getByRole("button", { name: "カレンダーから日付を選ぶ" }).count()).toBe(1);
    await page.locator("#supportEndDate").fill("2031年3月30日");
    await screenshot(page, "90-date-typed");
    await page.getByRole("button", { name: "登録" }).click();
    await page.waitForURL((url) => /^\/products\/prd_[^/]+$/.test(url.pathname));
    const productId = new URL(page.url()).pathname.split("/").pop() ?? "";

    // The date picker (the browser's own) writes the same field.
    await page.locator("#release-version").fill("1.0.0");
    await page.locator("#release-date-picker").fill("2031-04-01", { force: true });
    expect(await page.locator("#release-date").inputValue()).toBe("2031-04-01");
    const releaseForm = page.locator("form", { has: page.locator("#release-version") });
    await releaseForm.getByRole("button", { name: "追加", exact: true }).click();
    await poll(() => page.getByRole("cell", { name: "2031-04-01" }).count()).toBe(1);

    const api = await apiSignIn(stack.url, EDITOR);
    const product = await api.ok<{ supportEndDate: string }>("GET", `/api/products/${productId}`);
    expect(product.supportEndDate).toBe("2031-03-30");

    await page.getByRole("link", { name: "申請書の入力" }).click();
    await page.waitForURL(/\/application-form$/);
    await poll(() => page.getByTestId("publish-note").textContent()).toContain("IPA の適合製品ページ");
    expect(await page.locator("#publish-makerName").isChecked()).toBe(true);
    expect(await page.locator("#publish-contactEmail").isChecked()).toBe(true);
    expect(await page.locator("#publish-address").isChecked()).toBe(false);
    expect(await page.locator("#field-postalCode-hint").textContent()).toContain("1000001");
    await page.locator("#field-postalCode").fill("〒100-0001");
    await page.getByRole("button", { name: "保存" }).click();
    await poll(() => page.locator("#field-postalCode").inputValue()).toBe("100-0001");
    await screenshot(page, "91-application-form-defaults");

    await page.getByRole("button", { name: "English" }).click();
    await poll(() => page.getByTestId("publish-note").textContent()).toContain(
      "IPA's page of a labelled product",
    );
    expect(await page.locator("#field-postalCode-hint").textContent()).toContain("saved as 100-0001");
  }, 120_000);
});
