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
 * the method is both) and judges them with one bulk action. S1.1-05's document comes from the documents page,
 * so it waits for that step.
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
    m.read(); // what the criterion asks, before choosing its file
    const id = ((await card.getAttribute("id")) ?? "").replace("criterion-", "");
    // The method's name, then (where it rests on no official source) the "unverified" mark.
    const method = ((await card.locator("dl.facts dd").first().textContent()) ?? "").trim();
    const is = (key: string) => method.startsWith(tx(lang, `methods.${key}`));
    const doc = is("document") || is("both");
    const dev = is("device") || is("both");
    if (doc && id !== "S1.1-05") await uploadTo(c, card, id, designPdf(id));
    if (dev) await uploadTo(c, card, id, labLog(id));
  }
  m.read();
  await judgeCovered(c, 15);
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
  // The port scan of the declared ports plus TCP 1–10000 (S1.1-13); the login probes run from the lab's CLI.
  await m.check(owner.locator("#run-probe-ports"));
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

/**
 * When the scan found open ports that are not the device's (other services listening on every address of the
 * lab host, as the page warns), the maker narrows the profile's scan to leave them out and runs it again.
 */
export async function rescanWithoutNeighbours(c: JourneyContext): Promise<void> {
  const { m, owner, lang, device } = c;
  const run = owner.locator("li.device-run").first();
  const ports = run.getByRole("article", { name: "ports" });
  if ((await ports.locator(".badge").first().textContent()) !== "FAIL") return;
  const open = (await ports.locator("tbody tr td:first-child").allTextContents()).map((p) =>
    Number(p.trim()),
  );
  const foreign = open.filter((p) => p !== device.port && Number.isInteger(p)).sort((a, b) => a - b);
  m.read();
  let from = 1;
  const ranges: string[] = [];
  for (const p of [...foreign, 10_001]) {
    if (p > from) ranges.push(p - 1 > from ? `${from}-${p - 1}` : String(from));
    from = p + 1;
  }
  if (device.port > 10_000) ranges.push(String(device.port));
  await m.click(
    owner.getByTestId("device-profiles").getByRole("button", { name: tx(lang, "deviceTests.profiles.edit") }),
  );
  const yaml = owner.locator("#profile-source");
  await m.fill(yaml, `${await yaml.inputValue()}\nscan:\n  tcp: "${ranges.join(",")}"\n`);
  await m.click(owner.getByRole("button", { name: tx(lang, "deviceTests.profiles.save") }));
  await poll(() => owner.getByTestId("device-profiles").textContent()).toContain(device.host);
  const box = owner.locator("#run-probe-ports");
  if (!(await box.isChecked())) await m.check(box);
  await m.click(owner.getByRole("button", { name: tx(lang, "deviceTests.run.start") }));
  const again = owner.locator("li.device-run").first();
  await poll(() => owner.locator("li.device-run").count()).toBe(2);
  await expect.poll(() => again.getAttribute("data-status"), { timeout: 60_000, interval: 250 }).toBe("done");
  await m.click(again.getByRole("button", { name: tx(lang, "deviceTests.runs.show") }));
  const result = again.getByRole("article", { name: "ports" }).locator(".badge").first();
  await poll(() => result.textContent()).toBe("PASS");
}
