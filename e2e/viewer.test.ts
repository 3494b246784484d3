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

const VIEWER = "viewer@example.jp";

describe.runIf(hasChromium())("a viewer", () => {
  let stack: Stack;
  let browser: Browser;
  let admin: Admin;
  let productId: string;
  let assessmentId: string;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, VIEWER, "viewer", "閲覧 三郎");
    const product = await admin.api.ok<{ id: string }>("POST", "/api/products", {
      name: "SENSOR-1",
      category: "sensor",
      defaultRoute: "psti",
      modelNumbers: ["SN-1"],
    });
    productId = product.id;
    assessmentId = (await admin.api.ok<{ id: string }>("POST", `/api/products/${productId}/assessments`, {}))
      .id;
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("sees products and assessments without edit controls, and a forced write is refused", async () => {
    const { page } = browser;
    await signIn(page, stack.url, VIEWER, PASSWORD);
    await poll(() => page.getByTestId("product-row").count()).toBe(1);
    await poll(() => page.getByRole("link", { name: "製品を登録" }).count()).toBe(0);
    await poll(() => page.getByRole("link", { name: "メンバー" }).count()).toBe(0);

    await page.goto(`${stack.url}/products/${productId}`);
    await poll(() => page.locator("#name").inputValue()).toBe("SENSOR-1");
    expect(await page.locator("#name").isDisabled()).toBe(true);
    expect(await page.locator("#category").isDisabled()).toBe(true);
    await poll(() => page.getByRole("button", { name: "保存" }).count()).toBe(0);
    await poll(() => page.getByRole("button", { name: "自己適合評価を開始" }).count()).toBe(0);
    await poll(() => page.locator("#modelNumber").count()).toBe(0);
    await poll(() => page.locator("#models-csv").count()).toBe(0);
    await poll(() => page.getByRole("button", { name: "削除" }).count()).toBe(0);
    await screenshot(page, "20-viewer-product");

    await page.goto(`${stack.url}/assessments/${assessmentId}`);
    await poll(() => page.getByTestId("criterion").count()).toBe(16);
    await poll(() => page.getByRole("button", { name: "判定を保存" }).count()).toBe(0);
    // On the UK PSTI route three criteria are deemed met: their tiles say so.
    const tiles = await page
      .locator(".summary .tiles li")
      .evaluateAll((l) => l.map((t) => t.getAttribute("data-state")));
    expect(tiles.filter((t) => t === "deemed_met")).toHaveLength(3);
    expect(await page.locator(".summary").textContent()).toContain("英国 PSTI 適合品");
    await poll(() => page.locator("input[type=radio]").count()).toBe(0);
    await poll(() => page.getByText("閲覧権限のため").count()).toBe(1);

    const forced = await page.evaluate(async (path) => {
      const me = await (await fetch("/api/auth/me", { credentials: "same-origin" })).json();
      const headers = { "content-type": "application/json", "x-csrf-token": me.csrfToken };
      const create = await fetch("/api/products", {
        method: "POST",
        credentials: "same-origin",
        headers,
        body: JSON.stringify({ name: "forced", category: "other" }),
      });
      const verdict = await fetch(path, {
        method: "PUT",
        credentials: "same-origin",
        headers,
        body: JSON.stringify({ state: "non_conformant", version: 1 }),
      });
      return { create: create.status, verdict: verdict.status, code: (await create.json()).error?.code };
    }, `/api/assessments/${assessmentId}/results/S1.1-01`);
    expect(forced).toEqual({ create: 403, verdict: 403, code: "FORBIDDEN" });
    expect((await admin.api.ok<unknown[]>("GET", "/api/products")).length).toBe(1);
  }, 90_000);
});
