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
import { signedOffProduct } from "./ready-product.ts";

const MAKER = "claims-maker@example.jp";
const TEXT = [
  "CAM-500 は完全なセキュリティを実現しています。",
  "JC-STAR★1 を申請中です。",
  "ラベルは製品の完全な安全を保証するものではありません。",
].join("");

describe.runIf(hasChromium())("the claims checker (web, ja)", () => {
  let stack: Stack;
  let browser: Browser;
  let api: ApiSession;
  let productId = "";
  let app: { id: string; version: number };

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, MAKER, "editor", "宣伝 担当");
    api = await apiSignIn(stack.url, MAKER);
    productId = await signedOffProduct(api, admin.api);
    app = await api.ok("POST", "/api/applications", { productId, modelNumbers: ["CAM-500"] });
    const steps: [string, Record<string, string>][] = [
      ["mark_ready", {}],
      ["request_number", {}],
      ["record_number", { applicationNumber: "A-2026-0888" }],
      ["submit", {}],
    ];
    for (const [action, more] of steps)
      app = await api.ok("POST", `/api/applications/${app.id}/transitions`, {
        action,
        version: app.version,
        ...more,
      });
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const findingRules = () =>
    browser.page
      .getByTestId("claim-finding")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-rule")));

  it("highlights what breaks the rules; 申請中 stops counting once IPA's acceptance number is recorded", async () => {
    const { page } = browser;
    await signIn(page, stack.url, MAKER, PASSWORD);
    await page.goto(`${stack.url}/products/${productId}`);
    await page.getByRole("link", { name: "表示・宣伝文のチェック" }).click();
    await page.waitForURL(`**/products/${productId}/claims`);
    await page.getByLabel("宣伝文（日本語・英語）").fill(TEXT);
    await page.getByRole("button", { name: "チェックする" }).click();
    await poll(() => page.getByTestId("claims-summary").textContent()).toContain("2 件");
    expect(await findingRules()).toEqual(["no-complete-security", "no-claims-before-acceptance"]);
    const marks = page.getByTestId("claim-mark");
    expect(await marks.allTextContents()).toEqual(["完全なセキュリティ", "JC-STAR★1 を申請中"]);
    expect(await page.getByTestId("claims-acceptance").textContent()).toBe("記録なし");

    // The pre-acceptance rule rests on a secondary source: it carries the unverified mark, its source opens on click.
    const pending = page.locator('[data-testid="claim-finding"][data-rule="no-claims-before-acceptance"]');
    await pending.getByTestId("unverified-mark").getByRole("button").click();
    expect(await pending.getByTestId("unverified-source").first().textContent()).toContain(
      "Summary of IPA's JC-STAR portal",
    );
    const official = page.locator('[data-testid="claim-finding"][data-rule="no-complete-security"]');
    expect(await official.getByTestId("unverified-mark").count()).toBe(0);
    await screenshot(page, "claims-findings");

    app = await api.ok("POST", `/api/applications/${app.id}/transitions`, {
      action: "accept",
      version: app.version,
      acceptanceNumber: "受理 第0888号",
    });
    await page.getByRole("button", { name: "チェックする" }).click();
    await poll(() => page.getByTestId("claims-acceptance").textContent()).toBe("受理 第0888号");
    expect(await findingRules()).toEqual(["no-complete-security"]);
    expect(browser.errors).toEqual([]);
  });

  it("checks the generated user information document, and marks unverified form items", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "生成した利用者向けセキュリティ情報をチェック" }).click();
    await poll(() =>
      page.getByRole("heading", { name: "チェック結果（利用者向けセキュリティ情報）" }).count(),
    ).toBe(1);
    expect(await page.getByTestId("claims-text").textContent()).toContain("見守りカメラ CAM-500");
    expect(await page.getByTestId("claims-summary").textContent()).toBe(
      "規則に反する文は見つかりませんでした。",
    );

    await page.goto(`${stack.url}/products/${productId}/application-form`);
    await poll(() => page.getByTestId("unverified-mark").count()).toBeGreaterThan(5);
    expect(await page.getByTestId("unverified-mark").first().getByRole("button").textContent()).toBe(
      "公式の出典未確認",
    );
    expect(browser.errors).toEqual([]);
  });
});
