import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { ROOT } from "./harness.ts";

/** A file handed to a file input. */
export type FilePayload = { name: string; mimeType: string; buffer: Buffer };

/** What one step of the first hour took: actions a person makes, and the wall time the test measured. */
export type StepRecord = {
  name: string;
  /** Clicks, checks, selects and uploads: everything a person does with the pointer. */
  clicks: number;
  /** Text fields typed into. */
  fields: number;
  /** Pages (or page states) a person has to read before acting. */
  pages: number;
  wallMs: number;
  /** True for steps inside the budget: from /setup to the downloaded package. */
  budgeted: boolean;
};

export const SHOTS = join(ROOT, "test-output/first-hour");

/**
 * The one way the journey touches the page: every click/check/select/upload and every fill goes through here and
 * is counted against the current step. Reading the page (locators, text) is free, as it is for a person.
 */
export class Meter {
  readonly steps: StepRecord[] = [];
  private current: StepRecord | null = null;
  private started = 0;

  constructor(readonly lang: "ja" | "en") {
    mkdirSync(SHOTS, { recursive: true });
  }

  private get step(): StepRecord {
    if (!this.current) throw new Error("an action outside a step");
    return this.current;
  }

  async click(l: Locator): Promise<void> {
    this.step.clicks++;
    await l.click();
  }
  async check(l: Locator): Promise<void> {
    this.step.clicks++;
    await l.check();
  }
  async uncheck(l: Locator): Promise<void> {
    this.step.clicks++;
    await l.uncheck();
  }
  async select(l: Locator, value: string | { label: string }): Promise<void> {
    this.step.clicks++;
    await l.selectOption(value);
  }
  async upload(l: Locator, files: FilePayload | FilePayload[]): Promise<void> {
    this.step.clicks++;
    await l.setInputFiles(files);
  }
  async fill(l: Locator, value: string): Promise<void> {
    this.step.fields++;
    await l.fill(value);
  }
  /** A page (or a new state of one) the person reads before acting on it. */
  read(n = 1): void {
    this.step.pages += n;
  }

  /** Runs one step, timing it, then saves screenshots of where it ended at 1280×800 and 390×844. */
  async run(name: string, page: Page, budgeted: boolean, body: () => Promise<void>): Promise<void> {
    this.current = { name, clicks: 0, fields: 0, pages: 1, wallMs: 0, budgeted };
    this.started = performance.now();
    try {
      await body();
    } catch (e) {
      await page.screenshot({ path: join(SHOTS, `${this.lang}-failed-${slug(name)}.png`), fullPage: true });
      throw e;
    }
    this.current.wallMs = Math.round(performance.now() - this.started);
    this.steps.push(this.current);
    this.current = null;
    await shoot(page, `${this.lang}-${String(this.steps.length).padStart(2, "0")}-${slug(name)}`);
  }

  budgetClicks(): number {
    return this.steps.filter((s) => s.budgeted).reduce((n, s) => n + s.clicks, 0);
  }
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

async function shoot(page: Page, name: string): Promise<void> {
  const before = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const size of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(SHOTS, `${name}-${size.width}.png`) });
  }
  await page.setViewportSize(before);
}
