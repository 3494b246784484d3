import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSignIn, createMember, PASSWORD, setupAdmin } from "./api.ts";
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

const OWNER = "link-owner@example.jp";
const BOTH = "S1.1-13";
const DOCUMENT = "S1.1-05";

// A 1×1 PNG (the smallest real one).
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYGAAAAAEAAH2FzhVAAAAAElFTkSuQmCC",
  "base64",
);

describe.runIf(hasChromium())(
  "evidence uploaded on a criterion stays linked when the verdict is saved",
  () => {
    let stack: Stack;
    let browser: Browser;
    let assessmentId = "";

    beforeAll(async () => {
      await ensureWebBuilt();
      stack = await startStack();
      const admin = await setupAdmin(stack.url, stack.setupToken, "link-admin@example.jp");
      await createMember(admin, OWNER, "owner", "Link Owner");
      const owner = await apiSignIn(stack.url, OWNER);
      const product = await owner.ok<{ id: string }>("POST", "/api/products", {
        name: "CAM-300 link camera",
        category: "camera",
        supportEndDate: "2031-03-31",
      });
      assessmentId = (await owner.ok<{ id: string }>("POST", `/api/products/${product.id}/assessments`, {}))
        .id;
      browser = await openBrowser("en-US");
    });
    afterAll(async () => {
      await browser?.close();
      await stack?.close();
    });

    it("keeps an uploaded screenshot linked after a verdict save, and offers a JPEG on a document criterion", async () => {
      const { page } = browser;
      await signIn(page, stack.url, OWNER, PASSWORD);
      await page.goto(`${stack.url}/assessments/${assessmentId}#criterion-${BOTH}`);
      const card = page.locator(`[id="criterion-${BOTH}"]`);
      const linked = card.getByTestId("linked-evidence");

      // The user starts on the verdict (a note), then uploads a screenshot, then saves the verdict.
      await card.getByLabel("Notes").fill("Checked on firmware 1.2.0");
      await card.getByLabel("File to upload").setInputFiles({
        name: "scan-screen.png",
        mimeType: "image/png",
        buffer: PNG,
      });
      await poll(() => linked.allTextContents()).toEqual([expect.stringContaining("scan-screen.png")]);
      await card.getByRole("button", { name: "Save verdict" }).click();
      await poll(() => card.locator("dd").allTextContents()).toContain("Checked on firmware 1.2.0");
      // After the save (and after a reload: what the server holds), the screenshot is still on the criterion.
      expect(await linked.allTextContents()).toEqual([expect.stringContaining("scan-screen.png")]);
      await page.reload();
      await poll(() => linked.allTextContents()).toEqual([expect.stringContaining("scan-screen.png")]);

      // A JPEG photo of a paper document on a document criterion is offered (and linked) in its verdict form.
      const doc = page.locator(`[id="criterion-${DOCUMENT}"]`);
      const jpeg = await page.evaluate(() => {
        const canvas = document.createElement("canvas");
        canvas.width = 8;
        canvas.height = 8;
        const g = canvas.getContext("2d");
        if (g) {
          g.fillStyle = "#3366cc";
          g.fillRect(0, 0, 8, 8);
        }
        return canvas.toDataURL("image/jpeg").split(",")[1] ?? "";
      });
      await doc.getByLabel("File to upload").setInputFiles({
        name: "policy-page.jpg",
        mimeType: "image/jpeg",
        buffer: Buffer.from(jpeg, "base64"),
      });
      await poll(() => doc.getByTestId("linked-evidence").allTextContents()).toEqual([
        expect.stringContaining("policy-page.jpg"),
      ]);
      const box = doc.getByRole("checkbox", { name: /policy-page\.jpg/ });
      await poll(() => box.isChecked()).toBe(true);
      await doc.getByLabel("Notes").fill("Photo of the printed policy");
      await doc.getByRole("button", { name: "Save verdict" }).click();
      await poll(() => doc.locator("dd").allTextContents()).toContain("Photo of the printed policy");
      await page.reload();
      await poll(() => doc.getByTestId("linked-evidence").allTextContents()).toEqual([
        expect.stringContaining("policy-page.jpg"),
      ]);
      expect(browser.errors).toEqual([]);
    }, 120_000);
  },
);
