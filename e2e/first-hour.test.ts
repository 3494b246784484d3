import { type DemoDevice, startDemoDevice } from "@jcstar/probes";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Authenticator } from "./api.ts";
import { Meter } from "./first-hour-meter.ts";
import { JOURNEY_STEPS, type JourneyContext } from "./first-hour-steps.ts";
import { writeFirstHourTable } from "./first-hour-table.ts";
import { type Browser, ensureWebBuilt, hasChromium, openBrowser, type Stack, startStack } from "./harness.ts";

/** The click budget of issue #16: from /setup to the downloaded package. */
const CLICK_BUDGET = 80;
const DEVICE_PASSWORD = `Demo-admin-${Date.now().toString(36)}`;

describe.runIf(hasChromium())("the maker's first hour, UI only, as one journey (ja)", () => {
  let stack: Stack;
  let admin: Browser;
  let owner: Browser;
  let device: DemoDevice;
  const state = tempDir("jcstar-e2e-first-hour-");

  beforeAll(async () => {
    await ensureWebBuilt();
    // `jcstar demo-device --host 127.0.0.2`: the reference device, alone on its loopback address.
    device = await startDemoDevice({
      stateDir: state.path,
      host: "127.0.0.2",
      port: 0,
      provisionPassword: DEVICE_PASSWORD,
    });
    stack = await startStack();
    admin = await openBrowser("ja-JP");
    owner = await openBrowser("ja-JP");
  }, 120_000);
  afterAll(async () => {
    await admin?.close();
    await owner?.close();
    await stack?.close();
    await device?.close();
    state.cleanup();
  });

  it(`from /setup to the package in at most ${CLICK_BUDGET} clicks, then the label and its QR code`, async () => {
    const meter = new Meter([admin.page, owner.page], "ja");
    const ctx: JourneyContext = {
      m: meter,
      lang: "ja",
      base: stack.url,
      setupToken: stack.setupToken ?? "",
      admin: admin.page,
      owner: owner.page,
      device: { host: "127.0.0.2", port: device.port, password: DEVICE_PASSWORD },
      auth: new Authenticator(""),
      values: {},
    };
    for (const step of JOURNEY_STEPS)
      await meter.run(step.name, step.page(ctx), step.budgeted, () => step.run(ctx));
    if (process.env.JCSTAR_WRITE_FIRST_HOUR === "1") writeFirstHourTable("ja", meter.steps);
    expect(meter.budgetClicks()).toBeLessThanOrEqual(CLICK_BUDGET);
    expect([...admin.errors, ...owner.errors]).toEqual([]);
  }, 300_000);
});
