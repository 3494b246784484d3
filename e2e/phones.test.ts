import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSignIn, createMember, PASSWORD, setupAdmin } from "./api.ts";
import {
  type Browser,
  ensureWebBuilt,
  hasChromium,
  openBrowser,
  type Stack,
  signIn,
  startStack,
} from "./harness.ts";
import { signedOffProduct } from "./ready-product.ts";

const MAKER = "phone-maker@example.jp";

describe.runIf(hasChromium())("maker pages on a phone (390×844)", () => {
  let stack: Stack;
  let browser: Browser;
  let productId = "";
  let assessmentId = "";

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, MAKER, "owner", "電話 太郎");
    const maker = await apiSignIn(stack.url, MAKER);
    productId = await signedOffProduct(maker, maker);
    assessmentId =
      (await maker.ok<{ id: string }[]>("GET", `/api/products/${productId}/assessments`))[0]?.id ?? "";
    browser = await openBrowser("ja-JP");
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("no maker page is wider than the phone: tiles wrap, tables scroll inside their own box", async () => {
    const { page } = browser;
    await signIn(page, stack.url, MAKER, PASSWORD);
    await page.setViewportSize({ width: 390, height: 844 });
    const paths = [
      "/",
      "/products/new",
      `/products/${productId}`,
      `/products/${productId}/evidence`,
      `/products/${productId}/device-tests`,
      `/products/${productId}/documents`,
      `/products/${productId}/package`,
      `/products/${productId}/application-form`,
      `/products/${productId}/publication`,
      `/assessments/${assessmentId}`,
      "/applications",
      "/account",
      "/org/members",
    ];
    const wide: string[] = [];
    for (const path of paths) {
      await page.goto(`${stack.url}${path}`);
      await page.locator("main h1").first().waitFor();
      await page.waitForLoadState("networkidle");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) {
        const culprit = await page.evaluate(() =>
          [...document.querySelectorAll("body *")]
            .filter((e) => e.scrollWidth > e.clientWidth + 2 && e.tagName !== "HTML" && e.tagName !== "BODY")
            .slice(-3)
            .map((e) => `${e.tagName}.${e.className}`)
            .join(" "),
        );
        wide.push(`${path}: ${width}px (${culprit})`);
      }
    }
    expect(wide).toEqual([]);
    expect(browser.errors).toEqual([]);
  }, 120_000);
});
