import type { Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Authenticator, PASSWORD } from "./api.ts";
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

const EMAIL = "owner@example.jp";

async function assessCriterion(card: Locator): Promise<void> {
  const id = ((await card.getAttribute("id")) ?? "").replace("criterion-", "");
  const na = card.locator(`[id="c-${id}-state-not_applicable"]`);
  if (await na.isEnabled()) {
    await na.check();
    await card
      .locator(`[id="c-${id}-naReason"]`)
      .fill(`${id}: 本製品には該当する機能がないため（設計書 第1章）。`);
  } else {
    const addDoc = card.getByRole("button", { name: "ドキュメント参照を追加" });
    if (await addDoc.count()) {
      await addDoc.click();
      await card.locator(`[id="c-${id}-doc-documentName"]`).fill("セキュリティ設計書");
      await card.locator(`[id="c-${id}-doc-documentNumber"]`).fill("SEC-001");
      await card.locator(`[id="c-${id}-doc-location"]`).fill(`${id} 対応章`);
      await card.getByRole("button", { name: "ドキュメント参照を登録" }).click();
      await card.getByRole("button", { name: "ドキュメント参照を登録" }).waitFor({ state: "detached" });
    }
    const addDevice = card.getByRole("button", { name: "実機テスト記録を追加" });
    if (await addDevice.count()) {
      await addDevice.click();
      await card.locator(`[id="c-${id}-dev-recordName"]`).fill(`${id}-log.txt`);
      await card.locator(`[id="c-${id}-dev-resultSummary"]`).fill("期待どおりに動作した。");
      await card.locator(`[id="c-${id}-dev-testedOn"]`).fill("2026-11-20");
      await card.locator(`[id="c-${id}-dev-tester"]`).fill("検証 花子");
      await card.getByRole("button", { name: "実機テスト記録を登録" }).click();
      await card.getByRole("button", { name: "実機テスト記録を登録" }).waitFor({ state: "detached" });
    }
    await card.locator(`[id="c-${id}-state-conformant"]`).check();
  }
  await card.getByRole("button", { name: "判定を保存" }).click();
  await poll(() => card.getByTestId("criterion-state").textContent()).toMatch(/^(適合|要件充足不要)$/);
}

describe.runIf(hasChromium())("first run to a ready product (ja)", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("sets up, enrols TOTP, signs in again, registers a product and assesses all 16 criteria", async () => {
    const { page } = browser;
    await page.goto(`${stack.url}/`);
    await page.waitForURL("**/setup");
    await poll(() => page.locator("h1").textContent()).toBe("初期設定");
    await page.getByLabel("セットアップトークン").fill(stack.setupToken ?? "");
    await page.getByLabel("組織名").fill("テスト電機株式会社");
    await page.getByLabel("氏名").fill("管理者 太郎");
    await page.getByLabel("メールアドレス").fill(EMAIL);
    await page.getByLabel("パスワード").fill(PASSWORD);
    await screenshot(page, "01-setup");
    await page.getByRole("button", { name: "管理者を作成" }).click();

    await page.waitForURL("**/totp");
    await page.getByLabel("現在のパスワード").fill(PASSWORD);
    await page.getByRole("button", { name: "続ける" }).click();
    await poll(() => page.getByTestId("totp-secret").count()).toBe(1);
    const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
    expect(await page.getByTestId("totp-uri").textContent()).toContain("otpauth://totp/");
    const auth = new Authenticator(secret);
    await page.getByLabel("認証アプリに表示された6桁のコード").fill(await auth.code());
    await screenshot(page, "02-totp");
    await page.getByRole("button", { name: "有効にする" }).click();
    await poll(() => page.getByTestId("recovery-codes").locator("code").count()).toBe(10);
    await page.getByRole("button", { name: "保存しました。続ける" }).click();
    await page.waitForURL(`${stack.url}/`);
    await poll(() => page.locator("h1").textContent()).toBe("製品一覧");

    await page.getByRole("button", { name: "サインアウト" }).click();
    await page.waitForURL("**/signin");
    await page.locator("#email").fill(EMAIL);
    await page.locator("#password").fill(PASSWORD);
    await page.getByRole("button", { name: "サインイン" }).click();
    await page.getByLabel("確認コード（6桁）").fill(await auth.code());
    await screenshot(page, "03-signin-totp");
    await page.getByRole("button", { name: "サインイン" }).click();
    await page.waitForURL(`${stack.url}/`);

    await page.getByRole("link", { name: "製品を登録" }).click();
    await page.getByLabel("製品名").fill("CAM-100 ネットワークカメラ");
    await page.getByLabel("製品分類").selectOption("camera");
    await page.getByLabel("Wi-Fi").check();
    // 30 February is refused; 2030/03/31 is taken as typed.
    await page.getByLabel("サポート終了日").fill("2030/02/30");
    await page.getByRole("button", { name: "登録" }).click();
    await poll(() => page.locator("#supportEndDate-error").textContent()).toContain("正しい日付");
    await page.getByLabel("サポート終了日").fill("2030/03/31");
    await screenshot(page, "04-product-new");
    await page.getByRole("button", { name: "登録" }).click();
    await page.waitForURL(/\/products\/[^/]+$/);

    await page.locator("#modelNumber").fill("CAM-100");
    await page.getByRole("button", { name: "追加" }).first().click();
    await poll(() => page.getByTestId("model-numbers").textContent()).toContain("CAM-100");
    await page.locator("#models-csv").setInputFiles({
      name: "models.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("型番,備考\nCAM-100W,白\nCAM-100B,黒\n"),
    });
    await poll(() => page.getByTestId("model-numbers").textContent()).toContain("CAM-100B");
    await page.locator("#release-version").fill("1.0.0");
    await page.locator("#release-date").fill("2026-10-01");
    await page.getByRole("button", { name: "追加" }).last().click();
    await poll(() => page.locator("#releases-heading + table").textContent()).toContain("1.0.0");
    await screenshot(page, "05-product");

    await page.getByRole("button", { name: "自己適合評価を開始" }).click();
    await page.waitForURL(/\/assessments\//);
    await poll(() => page.getByTestId("readiness-status").textContent()).toBe("申請できません");
    await screenshot(page, "06-assessment-start");
    const cards = page.getByTestId("criterion");
    await poll(() => cards.count()).toBe(16);
    for (let i = 0; i < 16; i++) await assessCriterion(cards.nth(i));

    // Readiness is the product's (the server's one loader): the application form's empty required items still
    // block, and each such blocker links to the form.
    await poll(() => page.getByTestId("blockers").textContent()).toContain("申請書の必須項目");
    expect(await page.getByTestId("readiness-status").textContent()).toBe("申請できません");
    const assessmentUrl = page.url();
    await page.getByTestId("blockers").getByRole("link", { name: "申請書", exact: true }).first().click();
    await page.waitForURL(/\/application-form$/);
    for (const [id, value] of [
      ["postalCode", "100-0001"],
      ["address", "東京都千代田区千代田1-1"],
      ["representativeTitle", "代表取締役"],
      ["representativeName", "山田 太郎"],
      ["contactDepartment", "品質保証部"],
      ["contactName", "佐藤 花子"],
      ["contactEmail", "security@example.jp"],
      ["contactPhone", "03-1234-5678"],
    ])
      await page.locator(`#field-${id}`).fill(value as string);
    for (const box of await page.locator("input[id^=confirm-]").all()) await box.check();
    await page.getByRole("button", { name: "保存" }).click();
    await poll(() => page.getByTestId("form-missing").textContent()).toBe("必須項目はすべて入力済みです。");
    await page.goto(assessmentUrl);

    await poll(() => page.getByTestId("readiness-status").textContent()).toBe("申請可能");
    const states = await page
      .locator(".summary .tiles li")
      .evaluateAll((tiles) => tiles.map((t) => t.getAttribute("data-state")));
    expect(states).toHaveLength(16);
    for (const s of states) expect(["conformant", "not_applicable"]).toContain(s);
    await screenshot(page, "07-assessment-ready");

    await page.getByRole("link", { name: "製品", exact: true }).first().click();
    const row = page.getByTestId("product-row");
    await poll(() => row.textContent()).toContain("申請可能");
    const listStates = await row
      .locator(".tiles li")
      .evaluateAll((tiles) => tiles.map((t) => t.getAttribute("data-state")));
    expect(listStates.filter((s) => s === "conformant" || s === "not_applicable")).toHaveLength(16);
    await screenshot(page, "08-products-ready");
    expect(browser.errors).toEqual([]);
  }, 240_000);
});
