import type { Page } from "playwright-core";
import { Authenticator, PASSWORD } from "./api.ts";
import { assessAll, deviceTest, documents } from "./first-hour-assess.ts";
import type { Meter } from "./first-hour-meter.ts";
import { applicationForm, blockers, signOffAndPackage } from "./first-hour-package.ts";
import { labelQr, operatorAccount, registerAndRevoke, registryIssue } from "./first-hour-registry.ts";
import type { Lang } from "./first-hour-text.ts";
import { poll } from "./harness.ts";

export type JourneyContext = {
  m: Meter;
  lang: Lang;
  base: string;
  setupToken: string;
  /** The instance administrator's browser (later the registry operator's). */
  admin: Page;
  /** The maker's owner, in a browser of their own. */
  owner: Page;
  device: { host: string; port: number; password: string };
  auth: Authenticator;
  /** What one step read from the page for a later one (an invitation link, a label URL). */
  values: Record<string, string>;
};

export type JourneyStep = {
  name: string;
  budgeted: boolean;
  page: (c: JourneyContext) => Page;
  run: (c: JourneyContext) => Promise<void>;
};

export const ORG = "株式会社カメラ工房";
export const OWNER_EMAIL = "owner@camera-kobo.example.jp";
export const PRODUCT = "ネットワークカメラ NC-1";

const nav = (page: Page, href: string) => page.locator(`header nav a[href="${href}"]`);

async function setup({ m, admin, base, setupToken }: JourneyContext): Promise<void> {
  await admin.goto(`${base}/setup`);
  await admin.locator("#token").waitFor();
  await m.fill(admin.locator("#token"), setupToken);
  await m.fill(admin.locator("#organisationName"), "jcstar 登録窓口");
  await m.fill(admin.locator("#name"), "管理者 太郎");
  await m.fill(admin.locator("#email"), "admin@registry.example.jp");
  await m.fill(admin.locator("#password"), PASSWORD);
  await m.click(admin.locator("form button[type=submit]"));
}

/** After enrolling TOTP: the ten recovery codes are shown once; the user keeps them and goes on. */
export async function keepRecoveryCodes(m: Meter, page: Page): Promise<void> {
  const list = page.getByTestId("recovery-codes");
  await list.waitFor();
  m.read();
  await m.click(page.locator(".recovery-codes + button"));
}

async function totp(c: JourneyContext): Promise<void> {
  const { m, admin } = c;
  await admin.waitForURL("**/totp");
  await m.fill(admin.locator("#currentPassword"), PASSWORD);
  await m.click(admin.locator("form button[type=submit]"));
  const secret = admin.getByTestId("totp-secret");
  await secret.waitFor();
  c.auth = new Authenticator((await secret.textContent()) ?? "");
  m.read();
  await m.fill(admin.locator("#code"), await c.auth.code());
  await m.click(admin.locator("form button[type=submit]"));
  await keepRecoveryCodes(m, admin);
  await admin.waitForURL(`${c.base}/`);
}

async function organisation(c: JourneyContext): Promise<void> {
  const { m, admin } = c;
  await m.click(nav(admin, "/admin/organisations"));
  await m.fill(admin.locator("#org-name"), ORG);
  await m.click(admin.locator("#org-name").locator("xpath=ancestor::form").locator("button[type=submit]"));
  const invite = admin.getByRole("region", { name: new RegExp(ORG) });
  await m.fill(invite.locator("input[type=email]"), OWNER_EMAIL);
  await m.click(invite.locator("button[type=submit]"));
  const link = invite.getByTestId("org-invite-link").locator("code");
  await link.waitFor();
  c.values.invite = (await link.textContent()) ?? "";
  // Device tests from the web reach only what the administrator allows: the lab network (loopback here).
  await m.click(nav(admin, "/admin/device-test-allowlist"));
  await m.fill(admin.locator("#allowlist-entries"), "127.0.0.0/8");
  await m.click(
    admin.locator("#allowlist-entries").locator("xpath=ancestor::form").locator("button[type=submit]"),
  );
  await admin.getByRole("status").waitFor();
}

async function join({ m, owner, values, base }: JourneyContext): Promise<void> {
  // The invitation link, as the owner would open it from the administrator's e-mail.
  await owner.goto(values.invite ?? "");
  await m.fill(owner.locator("#name"), "山田 太郎");
  await m.fill(owner.locator("#password"), PASSWORD);
  await m.click(owner.locator("form button[type=submit]"));
  await owner.waitForURL(`${base}/`);
}

async function product({ m, owner }: JourneyContext): Promise<void> {
  await m.click(owner.locator('main a[href="/products/new"]'));
  await m.fill(owner.locator("#name"), PRODUCT);
  await m.select(owner.locator("#category"), "camera");
  await m.check(owner.locator("#interface-wifi"));
  await m.fill(owner.locator("#supportEndDate"), "2031-03-31");
  await m.click(owner.locator("main form button[type=submit]"));
  await owner.waitForURL(/\/products\/[^/]+$/);
  await m.fill(owner.locator("#modelNumber"), "NC-1");
  await m.click(owner.locator("#modelNumber").locator("xpath=ancestor::form").locator("button[type=submit]"));
  await poll(() => owner.getByTestId("model-numbers").textContent()).toContain("NC-1");
}

export const JOURNEY_STEPS: JourneyStep[] = [
  { name: "Setup: first administrator", budgeted: true, page: (c) => c.admin, run: setup },
  { name: "Second factor (TOTP)", budgeted: true, page: (c) => c.admin, run: totp },
  { name: "Maker organisation, owner invitation", budgeted: true, page: (c) => c.admin, run: organisation },
  { name: "Owner joins from the invitation", budgeted: true, page: (c) => c.owner, run: join },
  { name: "Product and model number", budgeted: true, page: (c) => c.owner, run: product },
  { name: "16 criteria with uploads", budgeted: true, page: (c) => c.owner, run: assessAll },
  { name: "Documents: disclosure policy", budgeted: true, page: (c) => c.owner, run: documents },
  { name: "Device test from the web", budgeted: true, page: (c) => c.owner, run: deviceTest },
  { name: "Fix blockers", budgeted: true, page: (c) => c.owner, run: blockers },
  { name: "Application form", budgeted: true, page: (c) => c.owner, run: applicationForm },
  { name: "Sign-off, package, download", budgeted: true, page: (c) => c.owner, run: signOffAndPackage },
  { name: "Registry operator, channel enabled", budgeted: false, page: (c) => c.admin, run: operatorAccount },
  {
    name: "Application through the registry, label issued",
    budgeted: false,
    page: (c) => c.admin,
    run: registryIssue,
  },
  { name: "Label QR code opens the public page", budgeted: false, page: (c) => c.owner, run: labelQr },
  {
    name: "Operator register: revoke, search",
    budgeted: false,
    page: (c) => c.admin,
    run: registerAndRevoke,
  },
];
