import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Authenticator, createMember, PASSWORD, setupAdmin } from "./api.ts";
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

const EMAIL = "totp-user@example.jp";

/** The SVG path the page must draw for a text: each dark module of its QR code (quiet zone of 4). */
function expectedQrPath(text: string): string {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  let d = "";
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) if (qr.modules.data[y * n + x]) d += `M${x + 4},${y + 4}h1v1h-1z`;
  return d;
}

describe.runIf(hasChromium())("TOTP enrolment with a QR code and recovery codes", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, EMAIL, "editor", "二要素 三郎");
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function firstStep(page: Browser["page"]) {
    await page.goto(`${stack.url}/signin`);
    await page.locator("#email").fill(EMAIL);
    await page.locator("#password").fill(PASSWORD);
    await page.getByRole("button", { name: "サインイン" }).click();
  }

  async function signInWith(page: Browser["page"], secondFactor: string) {
    await firstStep(page);
    await page.locator("#totp").fill(secondFactor);
    await page.getByRole("button", { name: "サインイン" }).click();
  }

  it("enrols from a QR code, hands out ten codes once, signs in with one, and regenerates", async () => {
    const { page } = browser;
    await firstStep(page);
    await page.waitForURL(`${stack.url}/`);
    await page.goto(`${stack.url}/account`);
    await page.getByRole("link", { name: "二要素認証を設定する" }).click();
    await page.locator("#currentPassword").fill(PASSWORD);
    await page.getByRole("button", { name: "続ける" }).click();

    const qr = page.getByRole("img", { name: "認証アプリに登録する QR コード" });
    await poll(() => qr.count()).toBe(1);
    const uri = (await page.getByTestId("totp-uri").textContent()) ?? "";
    const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
    expect(uri).toContain(`secret=${secret}`);
    expect(await qr.locator("path").getAttribute("d")).toBe(expectedQrPath(uri));
    await screenshot(page, "12-totp-qr");

    const auth = new Authenticator(secret);
    await page.locator("#code").fill(await auth.code());
    await page.getByRole("button", { name: "有効にする" }).click();
    const list = page.getByTestId("recovery-codes").locator("code");
    await poll(() => list.count()).toBe(10);
    const codes = await list.allTextContents();
    expect(new Set(codes).size).toBe(10);
    await screenshot(page, "13-recovery-codes");
    await page.getByRole("button", { name: "保存しました。続ける" }).click();
    await page.waitForURL(`${stack.url}/account`);
    await poll(() => page.getByTestId("recovery-left").textContent()).toBe("未使用のコード: 10 / 10");

    // Without the phone: a recovery code instead of the TOTP code, typed in lower case.
    await page.getByRole("button", { name: "サインアウト" }).click();
    await page.waitForURL(`${stack.url}/signin`);
    await signInWith(page, (codes[0] ?? "").toLowerCase());
    await page.waitForURL(`${stack.url}/`);
    await page.goto(`${stack.url}/account`);
    await poll(() => page.getByTestId("recovery-left").textContent()).toBe("未使用のコード: 9 / 10");

    // A new set needs the password and a current TOTP code; the old codes stop working.
    await page.locator("#recovery-password").fill(PASSWORD);
    await page.locator("#recovery-totp").fill(await auth.code());
    await page.getByRole("button", { name: "新しいリカバリーコードを発行" }).click();
    await poll(() => list.count()).toBe(10);
    const fresh = await list.allTextContents();
    expect(fresh.some((c) => codes.includes(c))).toBe(false);
    await poll(() => page.getByTestId("recovery-left").textContent()).toBe("未使用のコード: 10 / 10");

    await page.getByRole("button", { name: "サインアウト" }).click();
    await page.waitForURL(`${stack.url}/signin`);
    await signInWith(page, codes[1] ?? "");
    await poll(() => page.getByText("確認コードが正しくありません。").count()).toBe(1);
    expect(page.url()).toBe(`${stack.url}/signin`);
    await page.locator("#totp").fill(fresh[0] ?? "");
    await page.getByRole("button", { name: "サインイン" }).click();
    await page.waitForURL(`${stack.url}/`);
  }, 120_000);
});
