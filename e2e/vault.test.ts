import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yauzl from "yauzl";
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

const OWNER = "vault-owner@example.jp";
const CRITERION = "S1.1-13";
const LIMIT = 256 * 1024;

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A real PNG (RGB, a colour gradient) so that the browser can decode and show it. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push((x * 255) / width, (y * 255) / height, 160);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.from(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/** The text of one entry of a ZIP file. */
function readZipEntry(path: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error("no zip"));
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error("no stream"));
          const parts: Buffer[] = [];
          stream.on("data", (d: Buffer) => parts.push(d));
          stream.on("end", () => {
            zip.close();
            resolve(Buffer.concat(parts).toString("utf8"));
          });
        });
      });
      zip.on("end", () => reject(new Error(`${name} is not in the ZIP`)));
      zip.readEntry();
    });
  });
}

describe.runIf(hasChromium())("evidence vault in the browser (en)", () => {
  let stack: Stack;
  let browser: Browser;
  let productId = "";
  let assessmentId = "";

  beforeAll(async () => {
    await ensureWebBuilt();
    // A small upload limit for this server only (each test file runs in its own process), to see the 413.
    process.env.JCSTAR_MAX_UPLOAD_BYTES = String(LIMIT);
    stack = await startStack();
    const admin = await setupAdmin(stack.url, stack.setupToken, "vault-admin@example.jp");
    await createMember(admin, OWNER, "owner", "Vault Owner");
    const owner = await apiSignIn(stack.url, OWNER);
    const product = await owner.ok<{ id: string }>("POST", "/api/products", {
      name: "CAM-200 vault camera",
      category: "camera",
      supportEndDate: "2031-03-31",
    });
    productId = product.id;
    const assessment = await owner.ok<{ id: string }>("POST", `/api/products/${productId}/assessments`, {});
    assessmentId = assessment.id;
    browser = await openBrowser("en-US");
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("uploads, previews, corrects, verifies and bundles evidence files", async () => {
    const { page } = browser;
    const image = png(160, 90);
    const log = "2026-11-20T10:00:00Z boot ok\n2026-11-20T10:00:05Z default password refused\n";
    const corrected = `${log}2026-11-20T10:00:09Z new password accepted\n`;

    await signIn(page, stack.url, OWNER, PASSWORD);
    await page.goto(`${stack.url}/assessments/${assessmentId}#criterion-${CRITERION}`);
    const card = page.locator(`[id="criterion-${CRITERION}"]`);
    const files = card.getByTestId("evidence-file");
    const progress = card.locator(`[id="c-${CRITERION}-files-upload-status-progress"]`);

    // 1. A screenshot through the (keyboard-usable) file input.
    await card.getByLabel("Kind of file").selectOption("screenshot");
    await card.getByLabel("What the file shows (optional)").fill("Set-up screen forcing a new password");
    await card.getByLabel("File to upload").setInputFiles({
      name: "setup-screen.png",
      mimeType: "image/png",
      buffer: image,
    });
    await poll(() => files.count()).toBe(1);
    expect(await progress.getAttribute("value")).toBe("100");
    await poll(() => card.getByRole("status").allTextContents()).toContain(
      "Uploaded setup-screen.png (100%).",
    );

    // 2. A log dropped on the drop area.
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "device.log", { type: "text/plain" }));
      return dt;
    }, log);
    await card.getByTestId("dropzone").dispatchEvent("dragenter", { dataTransfer });
    await card.getByTestId("dropzone").dispatchEvent("drop", { dataTransfer });
    await poll(() => files.count()).toBe(2);
    expect(await progress.getAttribute("value")).toBe("100");
    await poll(() => card.getByRole("status").allTextContents()).toContain("Uploaded device.log (100%).");

    // 3. Too large: refused with a clear message in the user's language; nothing is listed.
    await card.getByLabel("File to upload").setInputFiles({
      name: "too-big.bin",
      mimeType: "application/octet-stream",
      buffer: Buffer.alloc(LIMIT + 1),
    });
    await poll(() => card.getByRole("alert").allTextContents()).toEqual([
      expect.stringContaining("The file is too large"),
    ]);
    expect(await files.count()).toBe(2);

    const pngItem = files.filter({ hasText: "setup-screen.png" });
    const logItem = files.filter({ hasText: "device.log" });
    expect(await pngItem.getByTestId("sha256").getAttribute("data-sha256")).toBe(sha256(image));
    expect(await pngItem.getByTestId("sha256").textContent()).toBe(`${sha256(image).slice(0, 12)}…`);
    expect(await pngItem.getByTestId("sha256").getAttribute("title")).toContain(sha256(image));
    expect(await logItem.getByTestId("sha256").getAttribute("data-sha256")).toBe(sha256(log));
    expect(await pngItem.textContent()).toContain("Screenshot");
    expect(await logItem.textContent()).toContain("Log");
    // Previews: the image is decoded (same-origin download allowed by the CSP), the log is shown as text.
    const img = pngItem.getByTestId("image-preview");
    await poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(160);
    await poll(() => logItem.getByTestId("text-preview").textContent()).toBe(log);
    await screenshot(page, "vault-01-uploads");

    // 4. Correct the log: a new revision with a new file; the history lists both.
    await logItem.getByRole("button", { name: "Correct this file" }).click();
    await logItem.getByLabel("Corrected file for device.log").setInputFiles({
      name: "device.log",
      mimeType: "text/plain",
      buffer: Buffer.from(corrected),
    });
    await poll(() => logItem.getByTestId("revision").textContent()).toBe("Revision 2");
    expect(await logItem.getByTestId("sha256").getAttribute("data-sha256")).toBe(sha256(corrected));
    await poll(() => logItem.getByTestId("text-preview").textContent()).toBe(corrected);
    expect(await files.count()).toBe(2);
    await logItem.getByRole("button", { name: "Revision history" }).click();
    const dialog = page.getByRole("dialog");
    await poll(() =>
      dialog.locator("[data-revision]").evaluateAll((li) => li.map((l) => l.getAttribute("data-revision"))),
    ).toEqual(["1", "2"]);
    expect(await dialog.textContent()).toContain(sha256(log));
    expect(await dialog.textContent()).toContain(sha256(corrected));
    await screenshot(page, "vault-02-history");
    await page.keyboard.press("Escape");
    await poll(() => dialog.count()).toBe(0);

    // 5. The product's evidence page: verification by the owner, then the bundle.
    await page.getByRole("link", { name: "Evidence files, verification and bundle" }).click();
    await page.waitForURL(`**/products/${productId}/evidence`);
    await poll(() => page.getByTestId("evidence-file").count()).toBe(2);
    await page.getByRole("button", { name: "Verify the vault" }).click();
    await poll(() => page.getByTestId("verify-report").getAttribute("data-ok")).toBe("true");
    expect(await page.getByTestId("verify-report").textContent()).toContain("No tampering found");
    await poll(() => page.getByTestId("verification").allTextContents()).toEqual([
      expect.stringContaining("Verified, intact"),
      expect.stringContaining("Verified, intact"),
    ]);
    await page.getByLabel(CRITERION).check();
    // A plain link cannot send X-Jcstar-Org: the organisation travels as ?org= so the download works in any organisation.
    expect(await page.getByTestId("bundle-link").getAttribute("href")).toMatch(
      new RegExp(`^/api/products/${productId}/evidence-bundle\\?criterion=${CRITERION}&org=org_[0-9a-z]+$`),
    );
    await screenshot(page, "vault-03-evidence-page");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("bundle-link").click(),
    ]);
    const zipPath = await download.path();
    expect(readFileSync(zipPath).subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const manifest = JSON.parse(await readZipEntry(zipPath, "manifest.json")) as {
      evidence: { file: { sha256: string; originalName: string | null } | null }[];
    };
    const hashes = manifest.evidence.map((e) => e.file?.sha256);
    expect(hashes).toContain(sha256(image));
    expect(hashes).toContain(sha256(corrected));
    expect(manifest.evidence.map((e) => e.file?.originalName)).toEqual(
      expect.arrayContaining(["setup-screen.png", "device.log"]),
    );
    expect(browser.errors).toEqual([]);
  }, 180_000);
});
