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

const OWNER = "owner@example.jp";
const VIEWER = "viewer@example.jp";

type Result = { criterionId: string; version: number };

/** A product whose ★1 assessment is complete (document and device-test evidence, S1.1-15 not applicable). */
async function readyProduct(api: ApiSession): Promise<string> {
  const product = await api.ok<{ id: string }>("POST", "/api/products", {
    name: "スマートプラグ SP-1",
    category: "home-appliance",
    modelNumbers: ["SP-1-JP"],
  });
  const assessment = await api.ok<{ id: string; results: Result[] }>(
    "POST",
    `/api/products/${product.id}/assessments`,
    {},
  );
  const doc = await api.ok<{ id: string }>("POST", "/api/evidence", {
    type: "document",
    documentName: "SP-1 セキュリティ設計書",
    documentNumber: "SD-1",
    location: "第3章",
  });
  const rec = await api.ok<{ id: string }>("POST", "/api/evidence", {
    type: "device_test",
    recordName: "probe-run.json",
    resultSummary: "全項目 PASS",
    testedOn: "2026-11-20",
    tester: "鈴木",
  });
  const criteria = await api.ok<{ id: string; method: string }[]>(
    "GET",
    "/api/catalog/versions/star1-2025.05.05/criteria",
  );
  for (const c of criteria) {
    const evidenceIds =
      c.method === "document" ? [doc.id] : c.method === "device" ? [rec.id] : [doc.id, rec.id];
    const body =
      c.id === "S1.1-15"
        ? { state: "not_applicable", naReason: "利用者データを保持しない", version: 1 }
        : { state: "conformant", version: 1, linkEvidenceIds: evidenceIds };
    await api.ok("PUT", `/api/assessments/${assessment.id}/results/${c.id}`, body);
  }
  return product.id;
}

describe.runIf(hasChromium())("application form, sign-off and package in the browser", () => {
  let stack: Stack;
  let browser: Browser;
  let productId: string;

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, OWNER, "owner", "山田 太郎");
    await createMember(admin, VIEWER, "viewer", "Viewer");
    productId = await readyProduct(await apiSignIn(stack.url, OWNER));
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("shows what is missing, takes the form, signs off, builds and lists the package", async () => {
    const { page, errors } = browser;
    await signIn(page, stack.url, OWNER, PASSWORD);
    await page.goto(`${stack.url}/products/${productId}/package`);
    await poll(() => page.getByTestId("package-blockers").textContent()).toContain("郵便番号");
    await poll(() => page.getByTestId("build-package").count()).toBe(1);

    await page.getByRole("link", { name: "申請書の入力へ" }).click();
    await poll(() => page.locator("#field-modelNumbers").inputValue()).toBe("SP-1-JP");
    expect(await page.locator("#field-modelNumbers").isDisabled()).toBe(true);
    expect(await page.locator("#field-productCategory").inputValue()).toBe("家電");
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
    await page.locator("#publish-contactEmail").check();
    for (const box of await page.locator("input[id^=confirm-]").all()) await box.check();
    await screenshot(page, "application-form-ja");
    await page.getByRole("button", { name: "保存" }).click();
    await poll(() => page.getByTestId("form-missing").textContent()).toBe("必須項目はすべて入力済みです。");

    await page.goto(`${stack.url}/products/${productId}/package`);
    await poll(() => page.getByTestId("package-readiness").textContent()).toContain("そろっています");
    await page.locator("#signerName").fill("山田 太郎");
    await page.locator("#signerTitle").fill("代表取締役");
    await page.getByRole("button", { name: "承認する" }).click();
    await poll(() => page.getByTestId("signoff-current").textContent()).toContain("山田 太郎（代表取締役）");
    await page.getByTestId("build-package").click();
    await poll(() => page.getByTestId("package-history").locator("tbody tr").count()).toBe(1);
    await screenshot(page, "package-ja");

    const href = await page.getByRole("link", { name: "ダウンロード" }).getAttribute("href");
    const zip = await page.request.get(`${stack.url}${href}`);
    expect(zip.status()).toBe(200);
    expect((await zip.body()).subarray(0, 2).toString()).toBe("PK");
    expect(errors).toEqual([]);
  });

  it("shows a viewer (in English) the sign-off and history without sign, build or download controls", async () => {
    const viewer = await openBrowser("en-US");
    try {
      const { page, errors } = viewer;
      await signIn(page, stack.url, VIEWER, PASSWORD);
      await page.goto(`${stack.url}/products/${productId}/package`);
      await poll(() => page.getByTestId("signoff-current").textContent()).toContain("Signed off: 山田 太郎");
      await poll(() => page.getByTestId("package-history").locator("tbody tr").count()).toBe(1);
      expect(await page.getByText("Only an owner of the organisation can sign off.").count()).toBe(1);
      expect(await page.locator("#signerName").count()).toBe(0);
      expect(await page.getByTestId("build-package").count()).toBe(0);
      expect(await page.getByRole("link", { name: "Download" }).count()).toBe(0);
      await screenshot(page, "package-viewer-en");
      expect(errors).toEqual([]);
    } finally {
      await viewer.close();
    }
  });
});
