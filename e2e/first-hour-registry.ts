import { readFileSync } from "node:fs";
import jsQR from "jsqr";
import type { Page } from "playwright-core";
import { PNG } from "pngjs";
import { expect } from "vitest";
import { Authenticator, PASSWORD } from "./api.ts";
import { type JourneyContext, keepRecoveryCodes, PRODUCT } from "./first-hour-steps.ts";
import { tx } from "./first-hour-text.ts";
import { poll } from "./harness.ts";

const OPERATOR = "operator@registry.example.jp";
const nav = (page: Page, href: string) => page.locator(`header nav a[href="${href}"]`);

/** The administrator creates the registry operator; the operator signs in, enrols TOTP, enables the registry. */
export async function operatorAccount(c: JourneyContext): Promise<void> {
  const { m, admin: page, lang } = c;
  await m.click(nav(page, "/admin/users"));
  await m.fill(page.locator("#user-email"), OPERATOR);
  await m.fill(page.locator("#user-name"), "登録簿 運用者");
  await m.fill(page.locator("#user-password"), PASSWORD);
  await m.select(page.locator("#user-instanceRole"), "operator");
  await m.click(page.locator("#user-email").locator("xpath=ancestor::form").locator("button[type=submit]"));
  await poll(() => page.locator("main table").textContent()).toContain(OPERATOR);
  await m.click(page.getByRole("button", { name: tx(lang, "header.signOut") }));
  await page.waitForURL("**/signin");
  await m.fill(page.locator("#email"), OPERATOR);
  await m.fill(page.locator("#password"), PASSWORD);
  await m.click(page.locator("form button[type=submit]").first());
  await page.waitForURL("**/totp");
  await m.fill(page.locator("#currentPassword"), PASSWORD);
  await m.click(page.locator("form button[type=submit]"));
  const secret = page.getByTestId("totp-secret");
  await secret.waitFor();
  const auth = new Authenticator((await secret.textContent()) ?? "");
  await m.fill(page.locator("#code"), await auth.code());
  await m.click(page.locator("form button[type=submit]"));
  await keepRecoveryCodes(m, page);
  await page.waitForURL(`${c.base}/`);
  await m.click(nav(page, "/operator"));
  // What the channel publishes, and where, is said before it is enabled.
  const explain = page.getByTestId("registry-explain");
  await poll(() => explain.textContent()).toContain(`${c.base}`);
  expect(await explain.textContent()).toContain("/.well-known/jwks.json");
  m.read();
  await m.check(page.locator("#registry-enabled"));
  await m.click(
    page.locator("#registry-enabled").locator("xpath=ancestor::form").locator("button[type=submit]"),
  );
  await poll(() => page.getByRole("status").allTextContents()).toContain(tx(lang, "common.saved"));
}

/** One step on an application page (maker or operator): choose it, record it, see the new state. */
async function record(c: JourneyContext, page: Page, action: string, state: string): Promise<void> {
  await c.m.select(page.locator("#step-action"), action);
  await c.m.click(page.getByRole("button", { name: tx(c.lang, "applications.record") }));
  await poll(() => page.getByTestId("application-state").textContent()).toBe(
    tx(c.lang, `applicationStates.${state}`),
  );
}

/** The maker applies through the registry; the operator accepts, invoices and issues the label. */
export async function registryIssue(c: JourneyContext): Promise<void> {
  const { m, owner, admin: op } = c;
  await m.click(nav(owner, "/applications"));
  await m.select(owner.locator("#application-product"), { label: PRODUCT });
  await m.select(owner.locator("#application-channel"), "registry");
  await m.click(
    owner.locator("#application-product").locator("xpath=ancestor::form").locator("button[type=submit]"),
  );
  await owner.waitForURL(/\/applications\/apl_/);
  await record(c, owner, "mark_ready", "ready");
  await record(c, owner, "request_number", "number_received");
  await record(c, owner, "submit", "submitted");
  await op.reload(); // the operator's console, still open since the channel was enabled
  await m.click(op.getByTestId("operator-queue").getByRole("link").first());
  await op.waitForURL(/\/operator\/applications\/apl_/);
  m.read();
  await record(c, op, "accept", "accepted");
  await record(c, op, "invoice_fee", "fee_invoiced");
  await owner.reload();
  await record(c, owner, "pay_fee", "fee_paid");
  await op.reload();
  await record(c, op, "issue_label", "label_issued");
}

/** The label's PNG from the maker's application page; its QR code opens the public registry page. */
export async function labelQr(c: JourneyContext): Promise<void> {
  const { m, owner, lang } = c;
  await owner.reload();
  const downloads = owner.getByTestId("label-downloads");
  const download = owner.waitForEvent("download");
  await m.click(downloads.getByRole("link", { name: tx(lang, "labelDownloads.png") }));
  const file = await (await download).path();
  const image = PNG.sync.read(readFileSync(file));
  const url = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? "";
  expect(url).toMatch(new RegExp(`^${c.base}/registry/`));
  // The phone held to the label.
  await owner.setViewportSize({ width: 390, height: 844 });
  await owner.goto(url);
  await poll(() => owner.locator("h1").textContent()).toBe(PRODUCT);
  expect(await owner.locator("[data-status]").getAttribute("data-status")).toBe("valid");
  m.read();
}

/** The operator revokes the label; the console's register still lists it, found by search, as revoked. */
export async function registerAndRevoke(c: JourneyContext): Promise<void> {
  const { m, admin: op, lang } = c;
  await c.m.select(op.locator("#step-action"), "revoke");
  await m.fill(op.locator("#step-note"), "脆弱性の未修正");
  await record(c, op, "revoke", "revoked");
  await m.click(nav(op, "/operator"));
  const register = op.getByTestId("operator-register");
  await poll(() => register.locator("tbody tr").count()).toBe(1);
  await m.fill(op.locator("#register-search"), "nc-1 カメラ工房");
  await poll(() => register.locator("tbody tr").count()).toBe(1);
  expect(await register.locator("tbody tr").textContent()).toContain(tx(lang, "applicationStates.revoked"));
  await m.fill(op.locator("#register-search"), "no-such-product");
  await poll(() => register.locator("tbody tr").count()).toBe(0);
  await m.fill(op.locator("#register-search"), "");
  await m.select(op.locator("#register-state"), "revoked");
  await poll(() => register.locator("tbody tr").count()).toBe(1);
  // The public page shows the revocation at once (the phone reloads).
  await c.owner.reload();
  await poll(() => c.owner.locator("[data-status]").getAttribute("data-status")).toBe("revoked");
}
