import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Admin, apiSignIn, createMember, PASSWORD, setupAdmin } from "./api.ts";
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

const EDITOR = "device-editor@example.jp";
const DEVICE_PASSWORD = `Cam-admin-${Date.now().toString(36)}`;

describe.runIf(hasChromium())("server-side device run from the web (en)", () => {
  let stack: Stack;
  let browser: Browser;
  let device: Server;
  let devicePort = 0;
  let seen = 0;
  let productId = "";
  let assessmentId = "";
  let admin: Admin;

  beforeAll(async () => {
    await ensureWebBuilt();
    // The device under test: an HTTP Basic login on loopback with no defence against guessing.
    const expected = `Basic ${Buffer.from(`admin:${DEVICE_PASSWORD}`).toString("base64")}`;
    device = createServer((req, res) => {
      seen++;
      if (req.headers.authorization === expected) res.writeHead(200).end("ok");
      else res.writeHead(401, { "www-authenticate": 'Basic realm="cam"' }).end();
    });
    await new Promise<void>((resolve) => device.listen(0, "127.0.0.1", resolve));
    devicePort = (device.address() as { port: number }).port;
    stack = await startStack();
    admin = await setupAdmin(stack.url, stack.setupToken, "device-admin@example.jp");
    await createMember(admin, EDITOR, "editor", "Device Editor");
    const editor = await apiSignIn(stack.url, EDITOR);
    productId = (
      await editor.ok<{ id: string }>("POST", "/api/products", { name: "CAM-300", category: "camera" })
    ).id;
    assessmentId = (await editor.ok<{ id: string }>("POST", `/api/products/${productId}/assessments`, {})).id;
    browser = await openBrowser("en-US");
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    device?.close();
  });

  it("an editor stores a secret and a profile, starts a run and sees it filed on the criterion", async () => {
    const { page } = browser;
    await signIn(page, stack.url, EDITOR, PASSWORD);
    await page.goto(`${stack.url}/products/${productId}`);
    await page.getByRole("link", { name: "Device tests" }).click();
    await page.waitForURL(`**/products/${productId}/device-tests`);

    // The device password goes to the secret store; the page lists its name only.
    await page.getByLabel("Secret name").fill("cam-admin");
    await page.locator("#secret-value").fill(DEVICE_PASSWORD);
    await page.getByRole("button", { name: "Save secret" }).click();
    await poll(() => page.getByTestId("device-secrets").textContent()).toContain("cam-admin");
    expect(await page.locator("#secret-value").inputValue()).toBe("");

    // A profile with a mistake: the check names the line and key; then the fixed profile is saved.
    await page.getByRole("button", { name: "Add a profile" }).click();
    await page.getByLabel("Profile name").fill("lab camera");
    const profile = [
      "name: CAM-300 lab unit",
      "host: 127.0.0.1",
      `scan: { tcp: "${devicePort}", udp: false }`,
      "services:",
      "  - id: web",
      "    protocol: http",
      `    port: ${devicePort}`,
      "    auth: { type: basic, path: /, username: admin, passwordSecret: cam-admin }",
      "defaultCredentials: { maxPairs: 3 }",
      "bruteForce: { maxAttempts: 3, lockoutProbeSeconds: 0 }",
      "",
    ].join("\n");
    await page
      .getByLabel("Profile (YAML or JSON)")
      .fill(profile.replace("protocol: http", "protocol: gopher"));
    await page.getByRole("button", { name: "Check" }).click();
    await poll(() => page.getByTestId("profile-problems").textContent()).toContain(
      "line 6, column 5 services[0].protocol",
    );
    await page.getByLabel("Profile (YAML or JSON)").fill(profile);
    await page.getByRole("button", { name: "Check" }).click();
    await poll(() => page.getByRole("status").allTextContents()).toContain("No problem found.");
    await page.getByRole("button", { name: "Save profile" }).click();
    await poll(() => page.getByTestId("device-profiles").textContent()).toContain("target 127.0.0.1");

    // A new instance has an empty allowlist: the page says so and that an admin must add the lab networks.
    await page.getByLabel("default-credentials").check();
    await page.getByLabel("brute-force").check();
    await page.getByRole("button", { name: "Start device test" }).click();
    await poll(() => page.getByRole("alert").allTextContents()).toContainEqual(
      expect.stringContaining("The device-test allowlist is empty"),
    );
    expect(seen).toBe(0);
    await admin.api.ok("PUT", "/api/admin/device-test-allowlist", { allowlist: ["127.0.0.0/8", "::1"] });

    // Start the run: the job runs on the server; the page polls until it is done.
    await page.getByRole("button", { name: "Start device test" }).click();
    const run = page.locator("li.device-run").first();
    await poll(() => run.getAttribute("data-status")).toBe("done");
    expect(seen).toBeGreaterThan(3);
    expect(await run.textContent()).toContain("default-credentials web");
    await run.getByRole("button", { name: "Show results" }).click();
    const brute = run.getByRole("article", { name: "brute-force web" });
    await poll(() => brute.textContent()).toContain("valid-login");
    expect(await brute.locator(".badge").first().textContent()).toBe("FAIL");
    expect(await page.content()).not.toContain(DEVICE_PASSWORD);
    await screenshot(page, "device-runs-01-results");

    // Filed on the criterion: the evidence is on S1.1-04 and the FAIL blocks readiness.
    const editor = await apiSignIn(stack.url, EDITOR);
    const runs = await editor.ok<{ evidenceIds: string[] }[]>(
      "GET",
      `/api/products/${productId}/device-runs`,
    );
    await page.goto(`${stack.url}/assessments/${assessmentId}#criterion-S1.1-04`);
    const card = page.locator(`[id="criterion-S1.1-04"]`);
    await poll(async () =>
      (
        await card
          .getByTestId("evidence-file")
          .evaluateAll((li) => li.map((l) => l.getAttribute("data-evidence-id")))
      ).some((id) => runs[0]?.evidenceIds.includes(id as string)),
    ).toBe(true);
    expect(await card.locator(".blockers").textContent()).toContain(
      "The latest device test linked to S1.1-04 failed",
    );
  }, 120_000);
  it("an admin narrows the allowlist in the browser; the editor's next run is refused with the reason", async () => {
    const adminBrowser = await openBrowser("en-US");
    try {
      const { page } = adminBrowser;
      await signIn(page, stack.url, admin.email, PASSWORD, () => admin.auth.code());
      await page.getByRole("link", { name: "Test targets" }).click();
      await page.waitForURL("**/admin/device-test-allowlist");
      const entries = page.getByLabel("Allowed targets (one per line)");
      expect((await entries.inputValue()).split("\n")).toEqual(["127.0.0.0/8", "::1"]);
      await entries.fill("192.168.77.0/24\nnot a host!");
      await page.getByRole("button", { name: "Save allowlist" }).click();
      await poll(() => page.getByRole("alert").allTextContents()).toEqual([
        expect.stringContaining("not valid"),
      ]);
      await entries.fill("192.168.77.0/24");
      await page.getByRole("button", { name: "Save allowlist" }).click();
      await poll(() => page.getByRole("status").allTextContents()).toContain("Allowlist saved.");
      await screenshot(page, "device-runs-02-allowlist");
    } finally {
      await adminBrowser.close();
    }
    const { page } = browser;
    const before = seen;
    await page.goto(`${stack.url}/products/${productId}/device-tests`);
    await page.getByRole("button", { name: "Start device test" }).click();
    await poll(() => page.getByRole("alert").allTextContents()).toContain(
      "127.0.0.1 (127.0.0.1) is not on the administrator's device-test allowlist (192.168.77.0/24): the run was refused and nothing was sent.",
    );
    expect(seen).toBe(before);
  }, 120_000);
});
