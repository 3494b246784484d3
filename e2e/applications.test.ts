import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Admin,
  ApiSession,
  Authenticator,
  apiSignIn,
  createMember,
  PASSWORD,
  setupAdmin,
} from "./api.ts";
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

const MAKER = "apply-maker@example.jp";
const OPERATOR = "registry-operator@example.jp";

/** An operator with a second factor, signed in through the API. */
async function enrolOperator(admin: Admin, base: string): Promise<Authenticator> {
  await admin.api.ok("POST", "/api/admin/users", {
    email: OPERATOR,
    name: "審査 一郎",
    password: PASSWORD,
    instanceRole: "operator",
  });
  const api = await apiSignIn(base, OPERATOR);
  const { secret } = await api.ok<{ secret: string }>("POST", "/api/auth/totp/setup", {
    currentPassword: PASSWORD,
  });
  const auth = new Authenticator(secret);
  await api.ok("POST", "/api/auth/totp/enable", { code: await auth.code() });
  const again = new ApiSession(base);
  await again.ok("POST", "/api/auth/login", { email: OPERATOR, password: PASSWORD, totp: await auth.code() });
  await again.refreshMe();
  await again.ok("PUT", "/api/operator/registry-settings", {
    enabled: true,
    sandbox: true,
    registryName: { ja: "jcstar 訓練用窓口", en: "jcstar training registry" },
    applicationNumberFormat: "TRN-{yyyy}-{seq:4}",
    registrationNumberFormat: "SBX-{yyyy}-{seq:6}",
  });
  return auth;
}

describe.runIf(hasChromium())("an application from draft to acceptance (maker en, operator ja)", () => {
  let stack: Stack;
  let maker: Browser;
  let operator: Browser;
  let operatorAuth: Authenticator;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, MAKER, "editor", "申請 担当");
    await signedOffProduct(await apiSignIn(stack.url, MAKER), admin.api);
    operatorAuth = await enrolOperator(admin, stack.url);
    maker = await openBrowser("en-US");
    operator = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await maker?.close();
    await operator?.close();
    await stack?.close();
  });

  it("the maker prepares, gets a number and submits with correspondence; the operator accepts", async () => {
    const page = maker.page;
    await signIn(page, stack.url, MAKER, PASSWORD);
    await page.getByRole("link", { name: "Applications" }).click();
    await page.waitForURL("**/applications");
    await page.getByLabel("Product").selectOption({ label: "見守りカメラ CAM-500" });
    await page.getByLabel("Sent to").selectOption("registry");
    await page.getByRole("button", { name: "Create the application" }).click();
    await page.waitForURL(/\/applications\/apl_/);
    const state = page.getByTestId("application-state");
    await poll(() => state.textContent()).toBe("Draft");
    expect(await page.getByTestId("whose-turn").textContent()).toBe(
      "Whose turn: The maker — mark the application ready",
    );
    // One application may cover several model numbers; this one covers one of the two.
    await page.getByLabel("CAM-500W").uncheck();
    await page.getByRole("button", { name: "Save model numbers" }).click();
    await poll(() => page.getByTestId("application-facts").textContent()).toContain(
      "Model numbersCAM-500Application number",
    );

    const record = async (step: string, expected: string) => {
      await page.getByLabel("Step", { exact: true }).selectOption(step);
      await page.getByRole("button", { name: "Record" }).click();
      await poll(() => state.textContent()).toBe(expected);
    };
    await record("mark_ready", "Ready");
    await record("request_number", "Application number received");
    await poll(() => page.getByTestId("application-number").textContent()).toMatch(/^TRN-\d{4}-0001$/);

    // The covering e-mail goes with the submission, into the vault.
    await page.getByLabel("Step", { exact: true }).selectOption("submit");
    await page.getByLabel("Attachment (.eml or PDF)").setInputFiles({
      name: "submission.eml",
      mimeType: "message/rfc822",
      buffer: Buffer.from(
        "From: maker@example.jp\r\nSubject: JC-STAR application\r\n\r\nPlease find our application.\r\n",
      ),
    });
    await page.getByRole("button", { name: "Record" }).click();
    await poll(() => state.textContent()).toBe("Submitted");
    expect(await page.getByTestId("application-fee").textContent()).toContain("198,000");
    expect(await page.getByTestId("expected-acceptance").textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const timeline = page.getByTestId("timeline");
    expect(await timeline.locator(":scope > li").count()).toBe(5);
    await expect(page.getByRole("link", { name: "submission.eml" }).first().isVisible()).resolves.toBe(true);
    await screenshot(page, "applications-01-maker-submitted");

    const op = operator.page;
    await signIn(op, stack.url, OPERATOR, PASSWORD, () => operatorAuth.code());
    await op.getByRole("link", { name: "審査窓口" }).click();
    await op.waitForURL("**/operator");
    const queue = op.getByTestId("operator-queue");
    await poll(() => queue.locator("tbody tr").count()).toBe(1);
    expect(await queue.textContent()).toContain("テスト電機株式会社");
    await screenshot(op, "applications-02-operator-queue");
    await queue.getByRole("link").first().click();
    await op.waitForURL(/\/operator\/applications\/apl_/);
    await poll(() => op.getByTestId("application-state").textContent()).toBe("提出済み");
    expect(await op.getByTestId("whose-turn").textContent()).toBe("次の番: 登録簿の運用者 — 申請を受理する");
    expect(await op.getByRole("heading", { name: "提出したチェックリスト（凍結）" }).isVisible()).toBe(true);
    // The operator asks for evidence; the maker answers with an evidence bundle from the vault.
    await op.getByLabel("手続き", { exact: true }).selectOption("request_evidence");
    await op.getByLabel("理由・メモ").fill("S1.1-04 の実機テスト記録を送ってください。");
    await op.getByRole("button", { name: "記録する" }).click();
    await poll(() => op.getByTestId("timeline").textContent()).toContain("S1.1-04 の実機テスト記録");
    await page.reload();
    await page.getByRole("button", { name: "Answer with an evidence bundle" }).click();
    await poll(() => timeline.textContent()).toContain("Provide evidence");
    await op.reload();
    // Made by the server at the maker's (English) request, named in the operator's language.
    const bundle = op
      .getByRole("link", {
        name: /^証跡バンドル（登録窓口の求めに応じて） \(evidence-bundle-TRN-\d{4}-0001\.zip\)$/,
      })
      .first();
    await poll(() => bundle.count()).toBe(1);
    const download = await op.request.get(`${stack.url}${await bundle.getAttribute("href")}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 2).toString()).toBe("PK");
    await op.getByLabel("手続き", { exact: true }).selectOption("accept");
    await op.getByRole("button", { name: "記録する" }).click();
    await poll(() => op.getByTestId("application-state").textContent()).toBe("受理");
    await screenshot(op, "applications-03-operator-accepted");

    await page.reload();
    await poll(() => state.textContent()).toBe("Accepted");
    expect(await page.getByTestId("whose-turn").textContent()).toBe(
      "Whose turn: The registry operator — invoice the fee",
    );
    expect(await timeline.textContent()).toContain("(operator)");
    // The workspace lists reminders and gives a private calendar address.
    await page
      .getByRole("navigation", { name: "Main menu" })
      .getByRole("link", { name: "Applications" })
      .click();
    await page.waitForURL("**/applications");
    await poll(() => page.getByTestId("reminders").textContent()).toContain("2031-03-31");
    await page.getByRole("button", { name: "Issue a subscription address" }).click();
    const feedUrl = (await page.getByTestId("calendar-url").textContent()) ?? "";
    expect(feedUrl).toMatch(/\/api\/calendar\/cal_/);
    const feed = await fetch(feedUrl);
    expect(feed.headers.get("content-type")).toMatch(/^text\/calendar/);
    expect(await feed.text()).toContain("BEGIN:VEVENT");
    await screenshot(page, "applications-04-maker-list");
    expect(maker.errors).toEqual([]);
    expect(operator.errors).toEqual([]);
  });
});
