import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Admin, apiSignIn, PASSWORD, setupAdmin } from "./api.ts";
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

describe.runIf(hasChromium())("several organisations", () => {
  let stack: Stack;
  let browser: Browser;
  let admin: Admin;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    admin = await setupAdmin(stack.url, stack.setupToken);
    await admin.api.ok("POST", "/api/products", { name: "FIRST-ORG-CAM", category: "camera" });
    const org = await admin.api.ok<{ id: string }>("POST", "/api/admin/organisations", {
      name: "第二事業部",
    });
    await admin.api.ok("POST", "/api/admin/users", {
      email: "owner2@example.jp",
      name: "二号 オーナー",
      password: PASSWORD,
      role: "owner",
      orgId: org.id,
    });
    const owner2 = await apiSignIn(stack.url, "owner2@example.jp");
    await owner2.ok("POST", "/api/products", { name: "SECOND-ORG-SENSOR", category: "sensor" });
    const { url } = await owner2.ok<{ url: string }>("POST", "/api/org/invitations", {
      email: admin.email,
      role: "editor",
    });
    await admin.api.ok("POST", "/api/invitations/accept", { token: url.split("/invite/")[1] });
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("switches the organisation from the header and shows its products", async () => {
    const { page } = browser;
    await signIn(page, stack.url, admin.email, PASSWORD, () => admin.auth.code());
    const switcher = page.getByLabel("組織");
    const names = () => page.getByTestId("product-row").locator("h2").allTextContents();
    const first = await switcher.inputValue();
    await poll(names).toHaveLength(1);
    const before = (await names())[0];
    const options = await switcher
      .locator("option")
      .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    expect(options).toHaveLength(2);
    await switcher.selectOption(options.find((o) => o !== first) ?? "");
    await poll(async () => (await names())[0]).not.toBe(before);
    expect([before, (await names())[0]].sort()).toEqual(["FIRST-ORG-CAM", "SECOND-ORG-SENSOR"]);
    await screenshot(page, "80-org-switch");
    await page.reload();
    await poll(async () => (await names())[0]).not.toBe(before);
  }, 60_000);
});
