import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiSession, apiSignIn, createMember, PASSWORD, setupAdmin } from "./api.ts";
import {
  type Browser,
  ensureWebBuilt,
  hasChromium,
  openBrowser,
  poll,
  type Stack,
  signIn,
  startStack,
} from "./harness.ts";
import { signedOffProduct } from "./ready-product.ts";

const OWNER = "owner@example.jp";

/** A probe run as `jcstar probe run` writes it: one ports result on S1.1-06 (the method "device" criterion). */
const run = (startedAt: string) => ({
  tool: "jcstar",
  version: "0.1.0",
  profile: "camera",
  host: "127.0.0.1",
  startedAt,
  finishedAt: startedAt,
  results: [
    {
      probe: "ports",
      criteria: ["S1.1-06"],
      verdict: "PASS",
      summary: { ja: "想定外の開いたポートはありません。", en: "No unexpected open ports." },
      findings: {},
      units: [],
      log: [],
    },
  ],
});

/** A one-page PDF (a blue box), enough for pdf.js to render. */
const PDF = new TextEncoder().encode(`%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Contents 4 0 R>>endobj
4 0 obj<</Length 26>>stream
0 0 1 rg 20 20 160 60 re f
endstream
endobj
trailer<</Root 1 0 R/Size 5>>
%%EOF
`);

describe.runIf(hasChromium())("a reviewer's view, the evidence picker and document previews", () => {
  let stack: Stack;
  let owner: ApiSession;
  let productId: string;
  let assessmentId: string;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken);
    await createMember(admin, OWNER, "owner", "山田 太郎");
    owner = await apiSignIn(stack.url, OWNER);
    productId = await signedOffProduct(owner, owner);
    // Two runs of the same test, then the owner signs off again: the frozen checklist holds both.
    await owner.ok("POST", `/api/products/${productId}/probe-runs`, run("2026-12-01T01:00:00Z"));
    await owner.ok("POST", `/api/products/${productId}/probe-runs`, run("2026-12-02T01:00:00Z"));
    await owner.upload(
      `/api/evidence/files?kind=document&fileName=policy.pdf&productId=${productId}&criterion=S1.1-05`,
      PDF,
    );
    await owner.ok("POST", `/api/products/${productId}/signoffs`, {
      signerName: "山田 太郎",
      signerTitle: "代表取締役",
    });
    const assessments = await owner.ok<{ id: string }[]>("GET", `/api/products/${productId}/assessments`);
    assessmentId = assessments[0]?.id ?? "";
    await owner.ok("PUT", `/api/products/${productId}/documents/inputs`, {
      version: 0,
      data: {
        contact: { email: "psirt@example.jp", department: { ja: "品質保証部", en: "Quality assurance" } },
        disclosure: { policyUrl: "https://example.jp/vdp" },
      },
    });
  }, 120_000);
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await stack?.close();
  });

  async function browserIn(locale: "ja-JP" | "en-US"): Promise<Browser> {
    const b = await openBrowser(locale);
    browsers.push(b);
    await signIn(b.page, stack.url, OWNER, PASSWORD);
    return b;
  }

  for (const [locale, own, other, zone] of [
    ["ja-JP", "実機テスト報告書", "device test report", "JST"],
    ["en-US", "device test report", "実機テスト報告書", ""],
  ] as const) {
    it(`shows the frozen checklist in one language, newest runs first, with file links (${locale})`, async () => {
      const { page, errors } = await browserIn(locale);
      await page.goto(`${stack.url}/products/${productId}/package`);
      const row = page.locator('[data-testid="frozen-checklist"] tr[data-criterion="S1.1-06"]');
      await row.waitFor();
      const text = await row.innerText();
      expect(text).toContain(own);
      expect(text).not.toContain(other);
      // Two runs of "ports" and two reports: one of each shown, the earlier one folded in a <details>.
      const shown = row.locator(':scope [data-testid="frozen-evidence"]');
      await poll(() => shown.count()).toBe(3);
      expect(await row.locator("details.older-runs").count()).toBe(2);
      expect(await row.locator("details.older-runs[open]").count()).toBe(0);
      expect(await shown.filter({ hasText: "ports — PASS" }).locator("details").innerText()).toMatch(/1/);
      if (zone) expect(await page.getByTestId("frozen-taken").innerText()).toContain(zone);
      const href = await row.getByTestId("frozen-evidence-link").first().getAttribute("href");
      expect(href).toMatch(/^\/api\/evidence\/[^/]+\/file/);
      const file = await page.request.get(`${stack.url}${href}`);
      expect(file.status()).toBe(200);
      expect(errors).toEqual([]);
    });
  }

  it("shows a device-test summary in the reader's language (en)", async () => {
    const { page } = await browserIn("en-US");
    await page.goto(`${stack.url}/assessments/${assessmentId}#S1.1-06`);
    await poll(() => page.getByText("PASS: No unexpected open ports.").count()).toBeGreaterThan(0);
    expect(await page.getByText("想定外の開いたポートはありません").count()).toBe(0);
  });

  for (const locale of ["ja-JP", "en-US"] as const) {
    it(`scopes the evidence picker to the criterion, searches, shows all, labels beside boxes (${locale})`, async () => {
      const { page, errors } = await browserIn(locale);
      await page.goto(`${stack.url}/assessments/${assessmentId}#S1.1-05`);
      const form = page.locator('form[aria-label*="S1.1-05"]');
      await form.waitFor();
      const boxes = form.locator('.evidence-picker input[type="checkbox"][id*="-ev-evd"]');
      const labels = async () =>
        (await form.locator(".evidence-picker .field-check label").allInnerTexts()).join("\n");
      // A document criterion: documents of this product, not the device-test records.
      await poll(labels).toContain("policy.pdf");
      expect(await labels()).not.toContain("ports");
      await form.getByTestId("picker-scope").waitFor();
      const scoped = await boxes.count();
      await form.locator('input[type="checkbox"][id$="-ev-all"]').check();
      await poll(() => boxes.count()).toBeGreaterThan(scoped);
      expect(await labels()).toContain("ports");
      await form.locator('input[type="search"]').fill("policy.pdf");
      await poll(() => boxes.count()).toBeLessThan(scoped + 1);
      expect(await labels()).not.toContain("ports");
      // Each label starts to the right of its box, on every line.
      for (const field of await form.locator(".evidence-picker .field-check").all()) {
        const box = await field.locator("input").boundingBox();
        const label = await field.locator("label").boundingBox();
        if (!box || !label) throw new Error("no layout");
        expect(label.x).toBeGreaterThanOrEqual(box.x + box.width);
      }
      expect(errors).toEqual([]);
    });
  }

  it("renders a PDF with pdf.js under the app's CSP, its download keeping the sandbox policy", async () => {
    const { page, errors } = await browserIn("ja-JP");
    await page.goto(`${stack.url}/products/${productId}/evidence`);
    const item = page.locator('[data-testid="evidence-file"]').filter({ hasText: "policy.pdf" });
    await item.waitFor();
    await item.getByTestId("pdf-canvas").waitFor();
    await poll(() => item.getByTestId("pdf-page").innerText()).toContain("1 / 1");
    expect(
      await item.getByTestId("pdf-canvas").evaluate((c) => (c as HTMLCanvasElement).width),
    ).toBeGreaterThan(0);
    const id = await item.getAttribute("data-evidence-id");
    const download = await page.request.get(`${stack.url}/api/evidence/${id}/file`);
    expect(download.headers()["content-security-policy"]).toBe("default-src 'none'; sandbox");
    expect(errors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
    expect(errors).toEqual([]);
  });

  for (const locale of ["ja-JP", "en-US"] as const) {
    it(`previews the published HTML in a sandboxed frame and reuses the documents' contact (${locale})`, async () => {
      const { page, errors } = await browserIn(locale);
      await page.goto(`${stack.url}/products/${productId}/documents`);
      await page.locator("#preview-heading").waitFor();
      await page.locator("#preview-heading").locator("..").locator("button").first().click();
      const frame = page.getByTestId("document-frame");
      await frame.waitFor();
      expect(await frame.getAttribute("sandbox")).toBe("");
      const src = (await frame.getAttribute("src")) ?? "";
      const inner = page.frameLocator('[data-testid="document-frame"]');
      await poll(() => inner.locator("h1").count()).toBe(1);
      expect(await inner.locator("table").count()).toBe(1);
      const html = await page.request.get(`${stack.url}${src}`);
      expect(html.headers()["content-security-policy"]).toContain("sandbox");
      expect(html.headers()["content-security-policy"]).toContain("frame-ancestors 'self'");
      expect(await page.locator("pre.document-preview").count()).toBe(0);

      await page.goto(`${stack.url}/products/${productId}/publication`);
      await page.getByTestId("pub-from-documents").waitFor();
      expect(await page.locator("#pub-contact").inputValue()).toBe("psirt@example.jp");
      expect(await page.locator("#pub-policy-url").inputValue()).toBe("https://example.jp/vdp");
      expect(errors).toEqual([]);
    });
  }
});
