import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { tempDir, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportRegistry } from "../apps/server/src/registry-export/export-registry.ts";
import { type RunningNginx, startRegistryNginx } from "../apps/server/src/registry-export/nginx.testing.ts";
import { json, openTestApp, type TestApp } from "../apps/server/src/test-app.ts";
import { type Browser, hasChromium, openBrowser, poll } from "./harness.ts";

/**
 * Search on the static copy of the registry: nginx serves one list page for every query, and
 * /public/registry-search.js fills it from the prebuilt index — the list a visitor sees must be the server's.
 */
describe.runIf(hasChromium() && which("nginx") !== null)("search on the static registry (nginx)", () => {
  let t: TestApp;
  let nginx: RunningNginx;
  let browser: Browser;
  let appUrl: string;
  let server: ReturnType<typeof serve>;
  const dir = tempDir("jcstar-e2e-static-");

  beforeAll(async () => {
    t = await openTestApp("sqlite");
    const operator = await t.session((await t.user(null, { instanceRole: "operator" })).id);
    const numbers: string[] = [];
    for (let i = 0; i < 25; i++) {
      const body = {
        product: `${i % 2 ? "Router" : "見守り カメラ"} ${i}`,
        maker: i % 3 ? "Net 社" : "東都電機",
      };
      const res = await t.app.request("/api/operator/labels", json("POST", body, operator));
      numbers.push(((await res.json()) as { registrationNumber: string }).registrationNumber);
    }
    const revoke = json("POST", { reason: "test" }, operator);
    await t.app.request(`/api/operator/labels/${numbers[4]}/revoke`, revoke);
    await exportRegistry(t.deps, dir.path);
    nginx = await startRegistryNginx(dir.path);
    server = await new Promise((resolve) => {
      const s = serve({ fetch: t.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await openBrowser("en-US");
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await nginx?.stop();
    await t?.close();
    dir.cleanup();
  });

  /** What a visitor sees of a list page: the results, the pager links and the form's values. */
  async function shown(url: string) {
    const { page } = browser;
    await page.goto(url);
    return page.evaluate(() => ({
      results: [...document.querySelectorAll("ul.results li")].map((li) =>
        li.textContent?.replace(/\s+/g, " ").trim(),
      ),
      empty: document.querySelector("nav.pages")?.previousElementSibling?.tagName === "P",
      pager: [...document.querySelectorAll("nav.pages a")].map(
        (a) => `${a.getAttribute("rel")} ${a.getAttribute("href")}`,
      ),
      q: (document.querySelector("input[name=q]") as HTMLInputElement | null)?.value,
      status: (document.querySelector("select[name=status]") as HTMLSelectElement | null)?.value,
    }));
  }

  it("shows the server's results for searches, filters and pages, with no CSP error", async () => {
    for (const query of [
      "q=router&lang=en",
      "q=%E8%A6%8B%E5%AE%88&lang=ja",
      "q=net&status=valid&lang=en",
      "q=net&page=2&lang=en",
      "status=revoked&lang=ja",
      "q=jcs-2026-00001&lang=en",
      "q=nothing-like-this&lang=en",
      "page=2&lang=en",
    ]) {
      const fromApp = await shown(`${appUrl}/registry?${query}`);
      await poll(async () => JSON.stringify(await shown(`${nginx.url}/registry?${query}`))).toBe(
        JSON.stringify(fromApp),
      );
      expect(fromApp.results.length + (fromApp.empty ? 1 : 0), query).toBeGreaterThan(0);
    }
    expect(browser.errors).toEqual([]);
  });

  it("searches from the form of the static copy", async () => {
    const { page } = browser;
    await page.goto(`${nginx.url}/registry?lang=en`);
    await page.locator("input[name=q]").fill("東都");
    await page.locator("form[role=search] button[type=submit]").click();
    await poll(() => page.locator("ul.results li").count()).toBe(9);
    expect(page.url()).toContain("q=%E6%9D%B1%E9%83%BD");
    expect(browser.errors).toEqual([]);
  });
});
