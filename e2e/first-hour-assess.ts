import type { Locator } from "playwright-core";
import { expect } from "vitest";
import type { FilePayload } from "./first-hour-meter.ts";
import type { JourneyContext } from "./first-hour-steps.ts";
import { tx } from "./first-hour-text.ts";
import { poll } from "./harness.ts";

/** A small PDF standing for a chapter of the security design document. */
function designPdf(id: string): FilePayload {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${id}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return { name: `design-${id}.pdf`, mimeType: "application/pdf", buffer: Buffer.from(body) };
}

/** A lab log of a test on the device. */
function labLog(id: string): FilePayload {
  return {
    name: `lab-${id}.log`,
    mimeType: "text/plain",
    buffer: Buffer.from(`2026-11-20 ${id}: tested on NC-1 firmware 1.0.0 — behaved as specified\n`),
  };
}

async function uploadTo(c: JourneyContext, card: Locator, id: string, file: FilePayload): Promise<void> {
  const before = await card.locator(".file-list li").count();
  await c.m.upload(card.locator(`[id="c-${id}-files-upload-file"]`), file);
  await poll(() => card.locator(".file-list li").count()).toBe(before + 1);
}

/**
 * Starts the self-assessment, puts one file on each criterion (a design document chapter, a lab log, both where
 * the method is both) and judges them with one bulk action. S1.1-05's document comes from the documents page
 * and S1.1-04's and S1.1-13's device evidence from the device test, so they wait for those steps.
 */
export async function assessAll(c: JourneyContext): Promise<void> {
  const { m, owner, lang } = c;
  await m.click(owner.getByRole("button", { name: tx(lang, "assessments.start") }));
  await owner.waitForURL(/\/assessments\//);
  c.values.assessment = owner.url();
  const cards = owner.getByTestId("criterion");
  await poll(() => cards.count()).toBe(16);
  for (let i = 0; i < 16; i++) {
    const card = cards.nth(i);
    const id = ((await card.getAttribute("id")) ?? "").replace("criterion-", "");
    const method = ((await card.locator("dl.facts dd").first().textContent()) ?? "").trim();
    const doc = method === tx(lang, "methods.document") || method === tx(lang, "methods.both");
    const dev = method === tx(lang, "methods.device") || method === tx(lang, "methods.both");
    if (doc && id !== "S1.1-05") await uploadTo(c, card, id, designPdf(id));
    if (dev && id !== "S1.1-04") await uploadTo(c, card, id, labLog(id));
  }
  m.read();
  await judgeCovered(c, 14);
}

/** The bulk "judge conformant" action for what is covered now. */
export async function judgeCovered(c: JourneyContext, expected: number): Promise<void> {
  const { m, owner, lang } = c;
  const bulk = owner.getByTestId("bulk-conformant");
  await poll(() => bulk.getByRole("button").textContent()).toBe(
    tx(lang, "bulkConformant.button", { count: expected }),
  );
  await m.click(bulk.getByRole("button"));
  await bulk.waitFor({ state: "detached" });
}

/** The device test from the web: a device secret, a profile built with the form, a server-side run. */
export async function deviceTest(c: JourneyContext): Promise<void> {
  const { m, owner, lang, device } = c;
  await m.click(owner.locator("p.breadcrumb a").last());
  await m.click(owner.getByRole("link", { name: tx(lang, "deviceTests.link"), exact: true }).first());
  await owner.locator("#secret-name").waitFor();
  await m.fill(owner.locator("#secret-name"), "nc1-admin");
  await m.fill(owner.locator("#secret-value"), device.password);
  await m.click(owner.getByRole("button", { name: tx(lang, "deviceTests.secrets.save") }));
  await poll(() => owner.getByTestId("device-secrets").textContent()).toContain("nc1-admin");
  await m.click(owner.getByRole("button", { name: tx(lang, "deviceTests.profiles.add") }));
  await m.fill(owner.locator("#profile-name"), "NC-1 lab");
  await m.fill(owner.locator("#pb-name"), "NC-1");
  await m.fill(owner.locator("#pb-host"), device.host);
  await m.fill(owner.locator("#pb-declaredPorts"), String(device.port));
  await m.fill(owner.locator("#pb-svc-0-port"), String(device.port));
  await m.select(owner.locator("#pb-svc-0-secret"), "nc1-admin");
  m.read();
  await m.click(owner.getByRole("button", { name: tx(lang, "deviceTests.profiles.save") }));
  await poll(() => owner.getByTestId("device-profiles").textContent()).toContain(device.host);
  await m.click(owner.getByRole("button", { name: tx(lang, "deviceTests.run.start") }));
  const run = owner.locator("li.device-run").first();
  await expect.poll(() => run.getAttribute("data-status"), { timeout: 90_000, interval: 250 }).toBe("done");
  await m.click(run.getByRole("button", { name: tx(lang, "deviceTests.runs.show") }));
  m.read();
}

/** The vulnerability disclosure policy from the documents page: published, it becomes S1.1-05's evidence. */
export async function documents(c: JourneyContext): Promise<void> {
  const { m, owner, lang } = c;
  await m.click(owner.locator("p.breadcrumb a").last());
  await m.click(owner.getByRole("link", { name: tx(lang, "documentsPage.link"), exact: true }));
  await m.fill(owner.locator("#doc-contactEmail"), "psirt@camera-kobo.example.jp");
  await m.fill(owner.locator("#doc-policyUrl"), "https://camera-kobo.example.jp/psirt/policy");
  await m.fill(
    owner.locator("#doc-securityTxtUrl"),
    "https://camera-kobo.example.jp/.well-known/security.txt",
  );
  await m.click(
    owner.locator("#doc-contactEmail").locator("xpath=ancestor::form").locator("button[type=submit]"),
  );
  await poll(() => owner.getByRole("status").allTextContents()).toContain(
    tx(lang, "documentsPage.inputsSaved"),
  );
  m.read();
  await m.click(owner.getByTestId("publish-document"));
  await poll(() => owner.getByTestId("document-versions").locator("tbody tr").count()).toBe(1);
}
