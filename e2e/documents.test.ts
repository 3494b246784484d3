import { haveLibreOffice } from "@jcstar/core/checklist/libreoffice.test-helper";
import { makeLibreOfficeTemplate } from "@jcstar/core/checklist/lo-template.test-helper";
import { FULL_INPUTS } from "@jcstar/core/documents/full-inputs.test-helper";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiSession, apiSignIn, createMember, setupAdmin } from "./api.ts";
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

const OWNER = "docs-owner@example.jp";

describe.runIf(hasChromium())("generated documents in the browser (ja)", () => {
  let stack: Stack;
  let browser: Browser;
  let owner: ApiSession;
  let productId = "";
  let assessmentId = "";

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken, "docs-admin@example.jp");
    await createMember(admin, OWNER, "owner", "文書 担当");
    owner = await apiSignIn(stack.url, OWNER);
    productId = (
      await owner.ok<{ id: string }>("POST", "/api/products", {
        name: "見守りカメラ MC-1",
        category: "camera",
        modelNumbers: ["MC-1"],
        supportEndDate: "2031-03-31",
      })
    ).id;
    assessmentId = (await owner.ok<{ id: string }>("POST", `/api/products/${productId}/assessments`, {})).id;
    // Everything but the contact e-mail, which is typed in the page.
    await owner.ok("PUT", `/api/products/${productId}/documents/inputs`, {
      version: 0,
      data: { ...FULL_INPUTS, contact: { ...FULL_INPUTS.contact, email: null } },
    });
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("edits inputs, previews, publishes a version that becomes S1.1-05 evidence, and lists it", async () => {
    const { page } = browser;
    await signIn(page, stack.url, OWNER, "correct horse battery staple 2026");
    await page.goto(`${stack.url}/products/${productId}`);
    await page.getByRole("link", { name: "公開文書とチェックリスト" }).click();
    await page.waitForURL(`**/products/${productId}/documents`);

    // Publishing without the contact is refused with the missing field named.
    await page.getByTestId("publish-document").click();
    await poll(() => page.getByRole("alert").allTextContents()).toEqual([
      expect.stringContaining("脆弱性の連絡先"),
    ]);

    await page.getByLabel("連絡先メールアドレス").fill("psirt@example.jp");
    await page.getByRole("button", { name: "保存" }).click();
    await poll(() => page.getByRole("status").allTextContents()).toContain("入力項目を保存しました。");

    await page.getByRole("button", { name: "プレビュー" }).click();
    const preview = page.getByTestId("document-preview");
    // The server's HTML, rendered in a sandboxed frame (no Markdown source shown).
    const frame = page.frameLocator('[data-testid="document-frame"]');
    await poll(() => frame.locator("h1").textContent()).toContain("脆弱性開示ポリシー");
    expect(await frame.locator("body").textContent()).toContain("psirt@example.jp");
    expect(await preview.textContent()).not.toContain("# 脆弱性開示ポリシー");
    expect(await preview.textContent()).toContain("RFC 9116 の検証に合格しています。");
    await screenshot(page, "documents-01-preview");

    await page.getByTestId("publish-document").click();
    await poll(() => page.getByRole("status").allTextContents()).toContain(
      "CAM100-VDP の v1 を発行しました。",
    );
    const history = page.getByTestId("document-versions");
    await poll(() => history.locator("tbody tr").count()).toBe(1);
    const txtHref = await history.getByRole("link", { name: "security.txt" }).getAttribute("href");
    expect(txtHref).toContain("format=security.txt");
    await screenshot(page, "documents-02-published");

    const assessment = await owner.ok<{
      results: Array<{
        criterionId: string;
        evidence: Array<{ document: { documentNumber: string } | null }>;
      }>;
    }>("GET", `/api/assessments/${assessmentId}`);
    const refs = assessment.results.find((r) => r.criterionId === "S1.1-05")?.evidence ?? [];
    expect(refs.map((e) => e.document?.documentNumber)).toEqual(["CAM100-VDP"]);
    expect(browser.errors).toEqual([]);
  }, 120_000);

  it("fills the official template: reports missing/duplicated ids, then returns the filled workbook", async () => {
    if (!haveLibreOffice()) return;
    const { page } = browser;
    const ids = Array.from({ length: 16 }, (_, i) => `S1.1-${String(i + 1).padStart(2, "0")}`);
    const upload = page.getByLabel("公式チェックリスト（.xlsx）");
    const type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    await upload.setInputFiles({
      name: "broken.xlsx",
      mimeType: type,
      buffer: makeLibreOfficeTemplate([...ids.slice(0, 15), "S1.1-02"]),
    });
    await page.getByRole("button", { name: "記入してダウンロード" }).click();
    await poll(() => page.getByRole("alert").allTextContents()).toEqual([
      expect.stringContaining("S1.1-16 の行がありません。"),
    ]);
    expect((await page.getByRole("alert").textContent()) ?? "").toContain("S1.1-02 の行が複数あります");

    await upload.setInputFiles({
      name: "official.xlsx",
      mimeType: type,
      buffer: makeLibreOfficeTemplate(ids),
    });
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "記入してダウンロード" }).click();
    expect((await download).suggestedFilename()).toBe("official-jcstar.xlsx");
    await poll(() => page.getByRole("status").allTextContents()).toContainEqual(
      expect.stringMatching(/^\d+ 個のセルに記入しました。$/),
    );
    await screenshot(page, "documents-03-template");
  }, 180_000);
});
