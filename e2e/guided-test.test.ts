import { createHash } from "node:crypto";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSignIn, createMember, PASSWORD, setupAdmin } from "./api.ts";
import {
  type Browser,
  ensureWebBuilt,
  hasChromium,
  openBrowser,
  poll,
  SCREENSHOTS,
  type Stack,
  screenshot,
  signIn,
  startStack,
} from "./harness.ts";

const TESTER = "guided-editor@example.jp";
const CRITERION = "S1.1-10";

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A small real PNG (a grey square) standing in for the photo of the model label. */
function png(size: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 0, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size + 1), 128);
  for (let y = 0; y < size; y++) rows[y * (size + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe.runIf(hasChromium())("guided manual test in the browser (ja)", () => {
  let stack: Stack;
  let browser: Browser;
  let assessmentId = "";

  beforeAll(async () => {
    await ensureWebBuilt();
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken, "guided-admin@example.jp");
    await createMember(admin, TESTER, "editor", "試験 花子");
    const editor = await apiSignIn(stack.url, TESTER);
    const product = await editor.ok<{ id: string }>("POST", "/api/products", {
      name: "JC-CAM-100 カメラ",
      category: "camera",
      modelNumbers: ["JC-CAM-100"],
    });
    assessmentId = (await editor.ok<{ id: string }>("POST", `/api/products/${product.id}/assessments`, {}))
      .id;
    browser = await openBrowser("ja-JP");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("walks the steps, attaches a photo, files the test and sees the evidence on the criterion", async () => {
    const { page } = browser;
    const photo = png(48);
    const sha = createHash("sha256").update(photo).digest("hex");
    await signIn(page, stack.url, TESTER, PASSWORD);
    await page.goto(`${stack.url}/assessments/${assessmentId}#criterion-${CRITERION}`);
    const card = page.locator(`[id="criterion-${CRITERION}"]`);
    const guided = card.getByTestId("guided-test");
    await guided.getByRole("button", { name: "手順に沿って手動試験を行う" }).click();
    const id = (step: string, field: string) => `[id="c-${CRITERION}-guided-${step}-${field}"]`;
    expect(await guided.locator(`[id="c-${CRITERION}-guided-tester"]`).inputValue()).toBe("試験 花子");
    expect(await guided.getByTestId("guided-step").count()).toBe(4);
    expect(await guided.textContent()).toContain("本体（底面・背面・電池蓋の内側など）に型番のラベル");

    // Step 1: pass, a note and the photo of the label (uploaded into the vault at once, type sniffed).
    await guided.locator(id("body-label", "result-pass")).check();
    await guided.locator(id("body-label", "note")).fill("底面のラベルで確認");
    await guided.locator(id("body-label", "file")).setInputFiles({
      name: "label.png",
      mimeType: "image/png",
      buffer: photo,
    });
    await poll(() => guided.getByTestId("guided-attached").textContent()).toContain(
      `label.png (image/png, sha256 ${sha.slice(0, 12)}…)`,
    );
    // Steps 2–4: the UI shows no version, which fails the last step.
    await guided.locator(id("label-durable", "result-pass")).check();
    await guided.locator(id("ui-model", "result-pass")).check();
    await guided.locator(id("ui-version", "result-fail")).check();
    await guided.locator(id("ui-version", "note")).fill("アプリにバージョン表示なし");
    await screenshot(page, "guided-01-walk");
    await guided.screenshot({ path: join(SCREENSHOTS, "guided-01-walk-card.png") });
    await guided.getByRole("button", { name: "手動試験の結果を記録" }).click();
    await poll(() => guided.getByRole("status").allTextContents()).toContain(
      "手動試験を実機テストの証跡として記録しました（判定: FAIL）。",
    );

    // On the criterion: the record with its verdict and summary, the photo and the readable reports.
    const record = card
      .getByTestId("linked-evidence")
      .filter({ hasText: "guide S1.1-10" })
      .filter({ hasText: "FAIL" });
    await poll(() => record.count()).toBe(1);
    expect(await record.textContent()).toContain("合格 3・不合格 1・スキップ 0（試験者 試験 花子）");
    const files = card.getByTestId("evidence-file");
    const named = (name: string) =>
      files.filter({ has: page.getByTestId("file-name").getByText(name, { exact: true }) });
    const photoItem = named("label.png");
    await poll(() => photoItem.count()).toBe(1);
    expect(await photoItem.getByTestId("sha256").getAttribute("data-sha256")).toBe(sha);
    await poll(() =>
      photoItem.getByTestId("image-preview").evaluate((el) => (el as HTMLImageElement).naturalWidth),
    ).toBe(48);
    const report = named("probe-report-ja.txt");
    await poll(() => report.getByTestId("text-preview").textContent()).toContain("不合格（試験 花子、");
    const reportText = (await report.getByTestId("text-preview").textContent()) ?? "";
    expect(reportText).toContain("メモ: アプリにバージョン表示なし");
    expect(reportText).toContain(`添付: label.png (sha256 ${sha.slice(0, 16)}…)`);
    await poll(() => card.locator(".blockers").textContent()).toContain(
      "S1.1-10 に紐付いた実機テストの最新の結果が不合格（FAIL/ERROR）です。",
    );
    await screenshot(page, "guided-02-filed");
    await card.screenshot({ path: join(SCREENSHOTS, "guided-02-filed-card.png") });
    expect(browser.errors).toEqual([]);
  }, 120_000);
});
