import { expect } from "vitest";
import { judgeCovered, rescanWithoutNeighbours } from "./first-hour-assess.ts";
import type { JourneyContext } from "./first-hour-steps.ts";
import { tx } from "./first-hour-text.ts";
import { poll } from "./harness.ts";

const FORM: [string, string][] = [
  ["postalCode", "100-0001"],
  ["address", "東京都千代田区千代田1-1"],
  ["representativeTitle", "代表取締役"],
  ["representativeName", "山田 太郎"],
  ["contactDepartment", "品質保証部"],
  ["contactName", "佐藤 花子"],
  ["contactEmail", "security@camera-kobo.example.jp"],
  ["contactPhone", "03-1234-5678"],
];

/** Back on the assessment: S1.1-05 is covered now (the published policy); the blockers left link to the form. */
export async function blockers(c: JourneyContext): Promise<void> {
  const { m, owner } = c;
  await rescanWithoutNeighbours(c);
  await m.click(owner.locator("p.breadcrumb a").last());
  await m.click(owner.locator('main a[href^="/assessments/"]').first());
  await judgeCovered(c, 1);
  m.read();
  await poll(() => owner.getByTestId("readiness-status").textContent()).toBe(
    tx(c.lang, "readiness.notReady"),
  );
  await m.click(
    owner
      .getByTestId("blockers")
      .getByRole("link", { name: tx(c.lang, "readiness.applicationForm"), exact: true })
      .first(),
  );
  await owner.waitForURL(/\/application-form$/);
}

/** The application form: the maker's own details once, and the confirmations. */
export async function applicationForm(c: JourneyContext): Promise<void> {
  const { m, owner } = c;
  await owner.locator("#field-postalCode").waitFor();
  for (const [id, value] of FORM) await m.fill(owner.locator(`#field-${id}`), value);
  for (const box of await owner.locator("input[id^=confirm-]").all()) await m.check(box);
  await m.click(owner.locator("main form button[type=submit]").first());
  await poll(() => owner.getByTestId("form-missing").textContent()).toBe(tx(c.lang, "formPage.complete"));
}

/** The owner's sign-off of the self-declaration, the package built and downloaded. */
export async function signOffAndPackage(c: JourneyContext): Promise<void> {
  const { m, owner, lang } = c;
  await m.click(owner.getByRole("link", { name: tx(lang, "packagePage.link"), exact: true }).first());
  await poll(() => owner.getByTestId("package-readiness").textContent()).toContain(
    tx(lang, "packagePage.ready"),
  );
  m.read();
  await m.fill(owner.locator("#signerName"), "山田 太郎");
  await m.fill(owner.locator("#signerTitle"), "代表取締役");
  await m.click(owner.getByRole("button", { name: tx(lang, "packagePage.sign") }));
  await poll(() => owner.getByTestId("signoff-current").textContent()).toContain("山田 太郎");
  await m.click(owner.getByTestId("build-package"));
  const history = owner.getByTestId("package-history");
  await poll(() => history.locator("tbody tr").count()).toBe(1);
  const download = owner.waitForEvent("download");
  await m.click(history.getByRole("link", { name: tx(lang, "packagePage.download") }));
  const zip = await download;
  expect(zip.suggestedFilename()).toMatch(/\.zip$/);
  const path = await zip.path();
  expect(path).toBeTruthy();
}
