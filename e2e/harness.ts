import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "@jcstar/core";
import { startServer } from "@jcstar/server";
import { requireTool } from "@jcstar/testkit";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { a11yProblems } from "./a11y.ts";

export { ensureWebBuilt } from "./build-web.ts";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const SCREENSHOTS = join(ROOT, "test-output/screenshots");
export const CHROMIUM = "/usr/bin/chromium";

/** True when Chromium is installed; otherwise skips (or, under JCSTAR_TEST_STRICT=1, fails). */
export function hasChromium(): boolean {
  return requireTool("Chromium", existsSync(CHROMIUM), "install the Debian package chromium");
}

export type Stack = { url: string; setupToken: string | null; close: () => Promise<void> };

/** A jcstar server on a free port with its own SQLite data folder, serving the built web app. */
export async function startStack(): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), "jcstar-e2e-"));
  const env = { ...process.env, JCSTAR_DATA_DIR: dataDir, DATABASE_URL: "" };
  const server = await startServer(loadConfig(env, { port: 0, dataDir }));
  const home = await fetch(`${server.url}/`);
  if (!(home.headers.get("content-type") ?? "").includes("text/html")) {
    await server.close();
    throw new Error(`the server does not serve the web app at / (status ${home.status})`);
  }
  return {
    url: server.url,
    setupToken: (server as { setupToken?: string | null }).setupToken ?? null,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Browser = { context: BrowserContext; page: Page; errors: string[]; close: () => Promise<void> };

/** A fresh Chromium with its own temporary profile, one page, and the console errors it logs. */
export async function openBrowser(locale: "ja-JP" | "en-US"): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "jcstar-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale,
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--lang=${locale}`,
    ],
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot after checking the page's structure (labels, headings, ids, names). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const problems = await a11yProblems(page);
  if (problems.length) throw new Error(`accessibility problems on ${name}:\n${problems.join("\n")}`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in through the sign-in page (Japanese or English labels alike: the fields are found by id). */
export async function signIn(
  page: Page,
  base: string,
  email: string,
  password: string,
  totpCode?: () => Promise<string>,
) {
  await page.goto(`${base}/signin`);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("form button[type=submit]").first().click();
  if (totpCode) {
    await page.locator("#totp").fill(await totpCode());
    await page.locator("form button[type=submit]").first().click();
  }
  await page.waitForURL(`${base}/`);
}

/** `expect.poll` with a patience that suits a loaded CI machine (the default is one second). */
export function poll<T>(fn: () => T | Promise<T>) {
  return expect.poll(fn, { timeout: 15_000, interval: 100 });
}
