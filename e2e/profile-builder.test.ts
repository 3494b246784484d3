import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type DemoDevice, demoDeviceProfile, startDemoDevice } from "@jcstar/probes";
import { tempDir } from "@jcstar/testkit";
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

const EDITOR = "builder-editor@example.jp";
const EXAMPLE = join(import.meta.dirname, "../examples/demo-device-profile.yaml");
const DEVICE_PASSWORD = `Demo-admin-${Date.now().toString(36)}`;

describe.runIf(hasChromium())("device profile built with the form, run on the server (en)", () => {
  let stack: Stack;
  let browser: Browser;
  let device: DemoDevice;
  let admin: Admin;
  let productId = "";
  const state = tempDir("jcstar-e2e-demo-");

  beforeAll(async () => {
    await ensureWebBuilt();
    // The reference device alone on 127.0.0.2, set up with a password.
    device = await startDemoDevice({
      stateDir: state.path,
      host: "127.0.0.2",
      port: 0,
      provisionPassword: DEVICE_PASSWORD,
    });
    stack = await startStack();
    admin = await setupAdmin(stack.url, stack.setupToken, "builder-admin@example.jp");
    await createMember(admin, EDITOR, "editor", "Builder Editor");
    const editor = await apiSignIn(stack.url, EDITOR);
    productId = (
      await editor.ok<{ id: string }>("POST", "/api/products", { name: "JC-CAM-100", category: "camera" })
    ).id;
    await editor.ok("POST", `/api/products/${productId}/assessments`, {});
    await admin.api.ok("PUT", "/api/admin/device-test-allowlist", { allowlist: ["127.0.0.0/8"] });
    browser = await openBrowser("en-US");
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await device?.close();
    state.cleanup();
  });

  it("an editor builds the profile with the form (no YAML typed), runs it on the server and sees the results", async () => {
    const { page } = browser;
    await signIn(page, stack.url, EDITOR, PASSWORD);
    await page.goto(`${stack.url}/products/${productId}/device-tests`);
    await page.getByLabel("Secret name").fill("demo-admin");
    await page.locator("#secret-value").fill(DEVICE_PASSWORD);
    await page.getByRole("button", { name: "Save secret" }).click();
    await poll(() => page.getByTestId("device-secrets").textContent()).toContain("demo-admin");

    await page.getByRole("button", { name: "Add a profile" }).click();
    await page.locator("#profile-name").fill("demo on 127.0.0.2");
    await page.locator("#pb-name").fill("JC-CAM-100 lab");
    await page.locator("#pb-host").fill("127.0.0.2");
    await page.locator("#pb-declaredPorts").fill(String(device.port));
    await page.locator("#pb-svc-0-port").fill(String(device.port));
    await page.locator("#pb-svc-0-secret").selectOption("demo-admin");
    await page.locator("#pb-modelPath").fill("/api/info");
    await page.locator("#pb-modelJson").fill("model");
    await page.locator("#pb-login").uncheck();
    const yaml = page.locator("#profile-source");
    await poll(() => yaml.inputValue()).toContain('host: "127.0.0.2"');
    expect(await yaml.inputValue()).toContain('passwordSecret: "demo-admin"');
    expect(await yaml.inputValue()).not.toContain("bruteForce");
    expect(await page.getByTestId("scan-note").textContent()).toContain("TCP 1–10000");

    // Two-way: an expert edits the YAML; the form reads it back through the server's profile schema.
    await yaml.fill(
      (await yaml.inputValue()).replace('name: "JC-CAM-100 lab"', 'name: "JC-CAM-100 lab unit"'),
    );
    await page.getByRole("button", { name: "Read the YAML into the form" }).click();
    await poll(() => page.locator("#pb-name").inputValue()).toBe("JC-CAM-100 lab unit");
    expect(await page.locator("#pb-svc-0-secret").inputValue()).toBe("demo-admin");
    await screenshot(page, "profile-builder-01-form");
    await page.getByRole("button", { name: "Save profile" }).click();
    await poll(() => page.getByTestId("device-profiles").textContent()).toContain("target 127.0.0.2");

    // The run form offers only what the server runs and names the criteria left over.
    const probeBoxes = page.locator('input[id^="run-probe-"]');
    await poll(() => probeBoxes.count()).toBe(4);
    expect(await page.getByTestId("left-over").textContent()).toContain(
      "S1.1-08 (jcstar probe run on a lab machine)",
    );
    await page.getByRole("button", { name: "Start device test" }).click();
    const run = page.locator("li.device-run").first();
    await expect.poll(() => run.getAttribute("data-status"), { timeout: 90_000, interval: 250 }).toBe("done");
    await run.getByRole("button", { name: "Show results" }).click();
    const tls = run.getByRole("article", { name: "tls web" });
    await poll(() => tls.textContent()).toContain("plaintext");
    expect(await tls.locator(".badge").first().textContent()).toBe("FAIL");
    const ports = run.getByRole("article", { name: "ports" });
    await poll(() => ports.textContent()).toContain(String(device.port));
    expect(await page.content()).not.toContain(DEVICE_PASSWORD);
    await screenshot(page, "profile-builder-02-results");
  }, 180_000);

  it("Import a profile: demo-device --profile-out's file opens in the form, passwordEnv as a secret to pick or create", async () => {
    const { page } = browser;
    const file = demoDeviceProfile(readFileSync(EXAMPLE, "utf8"), { host: "127.0.0.2", port: device.port });
    await page.goto(`${stack.url}/products/${productId}/device-tests`);
    await page.getByLabel("Profile file (YAML or JSON").setInputFiles({
      name: "demo.yaml",
      mimeType: "text/yaml",
      buffer: Buffer.from(file),
    });
    await poll(() => page.getByTestId("needed-secrets").textContent()).toContain(
      "web (admin): was DEMO_PASSWORD — now the secret “demo-password”",
    );
    expect(await page.getByTestId("needed-secrets").textContent()).toContain("not stored yet");
    expect(await page.locator("#pb-host").inputValue()).toBe("127.0.0.2");
    expect(await page.locator("#pb-svc-0-port").inputValue()).toBe(String(device.port));
    expect(await page.locator("#pb-versionPath").inputValue()).toBe("/api/info");
    expect(await page.locator("#profile-source").inputValue()).toContain("passwordSecret: demo-password");
    // Pick the stored secret instead: the YAML follows the form.
    await page.locator("#pb-svc-0-secret").selectOption("demo-admin");
    await poll(() => page.locator("#profile-source").inputValue()).toContain('passwordSecret: "demo-admin"');
  }, 120_000);
});
