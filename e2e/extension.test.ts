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
import { signedOffProduct } from "./ready-product.ts";

const MAKER = "extend-maker@example.jp";

/** A date plus days / years (YYYY-MM-DD, UTC). */
const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const plusYears = (day: string, n: number) => `${Number(day.slice(0, 4)) + n}${day.slice(4)}`;

describe.runIf(hasChromium())("extension (更新) of a ★1 label recorded from IPA (maker, en)", () => {
  let stack: Stack;
  let maker: Browser;
  let appId = "";
  const today = new Date().toISOString().slice(0, 10);
  const expiry = plusDays(today, 60);

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, MAKER, "editor", "更新 担当");
    const api = await apiSignIn(stack.url, MAKER);
    const productId = await signedOffProduct(api, admin.api);
    let app = await api.ok<{ id: string; version: number }>("POST", "/api/applications", { productId });
    const steps: [string, Record<string, string>][] = [
      ["mark_ready", {}],
      ["request_number", {}],
      ["record_number", { applicationNumber: "A-2026-0777" }],
      ["submit", {}],
      ["accept", { acceptanceNumber: "受理 第0777号" }],
      ["invoice_fee", {}],
      ["pay_fee", {}],
      ["issue_label", { registrationNumber: "JC-STAR ★1 第0777号", labelExpiresOn: expiry }],
    ];
    for (const [action, more] of steps)
      app = await api.ok("POST", `/api/applications/${app.id}/transitions`, {
        action,
        version: app.version,
        ...more,
      });
    appId = app.id;
    maker = await openBrowser("en-US");
  });
  afterAll(async () => {
    await maker?.close();
    await stack?.close();
  });

  it("requests an extension, is refused past 2 years, and records IPA's new expiry on the same application", async () => {
    const page = maker.page;
    await signIn(page, stack.url, MAKER, PASSWORD);
    await page.goto(`${stack.url}/applications/${appId}`);
    const state = page.getByTestId("application-state");
    const facts = page.getByTestId("application-facts");
    await poll(() => state.textContent()).toBe("Label issued");
    expect(await page.getByTestId("label-status").textContent()).toBe("Valid");
    expect(await page.getByTestId("acceptance-number").textContent()).toBe("受理 第0777号");
    expect(await page.getByTestId("registration-number").textContent()).toBe("JC-STAR ★1 第0777号");

    await page.getByLabel("Step", { exact: true }).selectOption("request_extension");
    // The extension fee and the 2-year unit rest on no official source: both carry the unverified mark.
    const extensionFacts = page.getByTestId("extension-facts");
    await poll(() => extensionFacts.getByTestId("unverified-mark").count()).toBe(2);
    expect(
      await extensionFacts.getByTestId("unverified-mark").first().getByRole("button").textContent(),
    ).toBe("No official source confirmed");
    // The label status (secondary source) is marked too.
    expect(await facts.getByTestId("unverified-mark").count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Record" }).click();
    await poll(() => state.textContent()).toBe("Extension requested");
    const timeline = page.getByTestId("timeline");
    await poll(() => timeline.textContent()).toContain("Extension fee: to be confirmed");
    expect(page.url()).toContain(appId);

    await page.getByLabel("Step", { exact: true }).selectOption("extend");
    const date = page.getByLabel(/^New expiry/);
    // Pre-filled with the current expiry plus one 2-year unit.
    await poll(() => date.inputValue()).toBe(plusYears(expiry, 2));
    await date.fill(plusDays(plusYears(expiry, 2), 1));
    await page.getByRole("button", { name: "Record" }).click();
    await poll(() => page.locator("#step-expiry-error").textContent()).toContain("2 years at a time");
    expect(await state.textContent()).toBe("Extension requested");
    await screenshot(page, "extension-01-refused");

    await date.fill(plusYears(expiry, 2));
    await page.getByRole("button", { name: "Record" }).click();
    await poll(() => state.textContent()).toBe("Label issued");
    await poll(() => facts.textContent()).toContain(`${today} to ${plusYears(expiry, 2)}`);
    expect(await page.getByTestId("label-status").textContent()).toBe("Valid");
    expect(await timeline.textContent()).toContain("Extend the label");
    // The extension is a step of this application: no renewal draft was made.
    expect(await timeline.textContent()).not.toContain("Start a renewal");
    await screenshot(page, "extension-02-extended");
    expect(maker.errors).toEqual([]);
  });
});
