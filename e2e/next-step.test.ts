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

describe.runIf(hasChromium())(
  "the product page says what to do next; forms ask before losing changes",
  () => {
    let stack: Stack;
    let browser: Browser;
    let admin: Admin;
    let productId = "";

    beforeAll(async () => {
      await ensureWebBuilt();
      stack = await startStack();
      admin = await setupAdmin(stack.url, stack.setupToken);
      productId = (
        await admin.api.ok<{ id: string }>("POST", "/api/products", { name: "NEXT-CAM", category: "camera" })
      ).id;
      browser = await openBrowser("ja-JP");
      await signIn(browser.page, stack.url, admin.email, PASSWORD, () => admin.auth.code());
    });
    afterAll(async () => {
      await browser?.close();
      await stack?.close();
    });

    it("leads from starting the assessment to the first open blocker, with the progress over 16 criteria", async () => {
      const { page } = browser;
      await page.getByRole("link", { name: "NEXT-CAM" }).first().click();
      const panel = page.getByTestId("next-step");
      await poll(() => panel.getByTestId("next-step-text").textContent()).toContain(
        "自己適合評価を開始してください",
      );
      expect(await panel.getByTestId("next-step-progress").textContent()).toBe(
        "基準 16 項目のうち 0 項目が完了",
      );
      const bar = panel.getByLabel("自己適合評価の進み具合");
      expect([await bar.getAttribute("max"), await bar.getAttribute("value")]).toEqual(["16", "0"]);
      await screenshot(page, "82-next-step-start");
      await panel.getByRole("button", { name: "評価を開始" }).click();
      await page.waitForURL(/\/assessments\//);
      const assessmentUrl = page.url();

      await page.goBack();
      await poll(() => panel.getByTestId("next-step-text").textContent()).toContain(
        "次の阻害要因を解消してください",
      );
      expect(await panel.getByTestId("next-step-text").textContent()).toContain(
        "S1.1-01 はまだ評価されていません。",
      );
      // 15 more criteria not assessed, plus the application form's missing items.
      const others = Number((await panel.textContent())?.match(/ほかに残っている阻害要因: (\d+) 件/)?.[1]);
      expect(others).toBeGreaterThanOrEqual(15);
      await panel.getByRole("link", { name: "S1.1-01 を開く" }).click();
      await page.waitForURL(`${assessmentUrl}#criterion-S1.1-01`);
      await poll(() => page.locator(`[id="criterion-S1.1-01"]`).count()).toBe(1);
    }, 60_000);

    it("asks before following a link away from an edited form, and stays when told to", async () => {
      const { page } = browser;
      await page.goto(`${stack.url}/products/${productId}`);
      await page.locator("#name").fill("NEXT-CAM 改");
      const messages: string[] = [];
      page.once("dialog", (d) => {
        messages.push(d.message());
        void d.dismiss();
      });
      await page.getByRole("navigation").getByRole("link", { name: "製品", exact: true }).click();
      await poll(() => messages).toHaveLength(1);
      expect(messages[0]).toContain("保存していない変更があります");
      expect(new URL(page.url()).pathname).toBe(`/products/${productId}`);
      expect(await page.locator("#name").inputValue()).toBe("NEXT-CAM 改");

      page.once("dialog", (d) => {
        messages.push(d.type());
        void d.accept();
      });
      await page.reload();
      expect(messages[1]).toBe("beforeunload");

      // Once saved, the form is clean: leaving asks nothing.
      await page.locator("#name").fill("NEXT-CAM 二");
      await page.getByRole("button", { name: "保存", exact: true }).click();
      await poll(() => page.locator("h1").textContent()).toBe("NEXT-CAM 二");
      page.once("dialog", (d) => {
        messages.push(`unexpected: ${d.message()}`);
        void d.dismiss();
      });
      await page.getByRole("navigation").getByRole("link", { name: "製品", exact: true }).click();
      await page.waitForURL(`${stack.url}/`);
      expect(messages).toHaveLength(2);
      expect(browser.errors).toEqual([]);
    }, 60_000);
  },
);
