import { type DemoDevice, startDemoDevice } from "@jcstar/probes";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Authenticator } from "./api.ts";
import { Meter } from "./first-hour-meter.ts";
import { JOURNEY_STEPS, type JourneyContext } from "./first-hour-steps.ts";
import { writeFirstHourTable } from "./first-hour-table.ts";
import type { Lang } from "./first-hour-text.ts";
import { type Browser, ensureWebBuilt, hasChromium, openBrowser, type Stack, startStack } from "./harness.ts";

/** The click budget of issue #16: from /setup to the downloaded package. */
const CLICK_BUDGET = 80;
const DEVICE_PASSWORD = `Demo-admin-${Date.now().toString(36)}`;

/**
 * The whole journey in Japanese (its table goes to docs/first-hour.md under JCSTAR_WRITE_FIRST_HOUR=1); a
 * shorter English pass, /setup to the package, checks the same budget in the other language.
 */
describe.runIf(hasChromium()).each([
  { lang: "ja" as Lang, whole: true },
  { lang: "en" as Lang, whole: false },
])("the maker's first hour, UI only, as one journey ($lang)", ({ lang, whole }) => {
  let stack: Stack;
  let admin: Browser;
  let owner: Browser;
  let device: DemoDevice;
  const state = tempDir("jcstar-e2e-first-hour-");

  beforeAll(async () => {
    await ensureWebBuilt();
    // `jcstar demo-device --host 127.0.0.2`: the reference device, on a loopback address of its own.
    device = await startDemoDevice({
      stateDir: state.path,
      host: "127.0.0.2",
      port: 0,
      provisionPassword: DEVICE_PASSWORD,
    });
    stack = await startStack();
    const locale = lang === "ja" ? "ja-JP" : "en-US";
    admin = await openBrowser(locale);
    owner = await openBrowser(locale);
  }, 120_000);
  afterAll(async () => {
    await admin?.close();
    await owner?.close();
    await stack?.close();
    await device?.close();
    state.cleanup();
  });

  it(`from /setup to the package in at most ${CLICK_BUDGET} clicks${whole ? ", then the label and its QR code" : ""}`, async () => {
    const meter = new Meter(lang);
    const ctx: JourneyContext = {
      m: meter,
      lang,
      base: stack.url,
      setupToken: stack.setupToken ?? "",
      admin: admin.page,
      owner: owner.page,
      device: { host: "127.0.0.2", port: device.port, password: DEVICE_PASSWORD },
      auth: new Authenticator(""),
      values: {},
    };
    for (const step of JOURNEY_STEPS.filter((s) => whole || s.budgeted))
      await meter.run(step.name, step.page(ctx), step.budgeted, () => step.run(ctx));
    if (whole && process.env.JCSTAR_WRITE_FIRST_HOUR === "1") writeFirstHourTable(lang, meter.steps);
    expect(meter.budgetClicks()).toBeLessThanOrEqual(CLICK_BUDGET);
    expect([...admin.errors, ...owner.errors]).toEqual([]);
  }, 240_000);
});
