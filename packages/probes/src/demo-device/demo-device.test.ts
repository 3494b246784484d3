import { readFileSync } from "node:fs";
import { join } from "node:path";
import { closedPort, tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { runFullProfile } from "../actions/run-device.ts";
import { parseProfile } from "../profile/load.ts";
import { type RunResult, runResultSchema } from "../result/schema.ts";
import {
  DEMO_WEAKNESSES,
  type DemoDevice,
  type DemoWeakness,
  parseWeaknesses,
  startDemoDevice,
} from "./server.ts";

const EXAMPLE = join(import.meta.dirname, "../../../../examples/demo-device-profile.yaml");
const PASSWORD = "correct-horse-42";
const PROBES = "ports,device-info,firmware-integrity,persistence,reset";
const BRUTE_FORCE = "bruteForce: { maxAttempts: 8, lockoutProbeSeconds: 0 }\n";

/** The probe that must catch each weakness. */
const CATCHES: Record<DemoWeakness, string> = {
  "default-password": "reset",
  "no-lockout": "brute-force",
  "accepts-tampered": "firmware-integrity",
  "forgets-settings": "persistence",
  "keeps-data-after-reset": "reset",
  "telnet-port": "ports",
};

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function device(weaknesses: DemoWeakness[]): Promise<DemoDevice> {
  const dir = tempDir("jcstar-demo-");
  const dev = await startDemoDevice({
    stateDir: dir.path,
    weaknesses,
    telnetPort: await closedPort(),
    rebootDelayMs: 300,
    provisionPassword: PASSWORD,
  });
  cleanups.push(dir.cleanup, dev.close);
  return dev;
}

/** The example profile with the device's ports. */
function profileFor(dev: DemoDevice, telnetPort: number): string {
  return readFileSync(EXAMPLE, "utf8")
    .replaceAll("8480", String(dev.port))
    .replace('tcp: "1-10000"', `tcp: "${dev.port},${telnetPort}"`);
}

async function runAgainst(
  dev: DemoDevice,
  telnetPort: number,
  only = PROBES,
  extra = "",
): Promise<RunResult> {
  return runFullProfile(parseProfile(profileFor(dev, telnetPort) + extra), {
    only,
    baseDir: dev.stateDir,
    env: { DEMO_PASSWORD: PASSWORD },
    pollMs: 50,
    timeoutMs: 2000,
    identify: { bannerWaitMs: 200, timeoutMs: 500 },
  });
}

const verdicts = (run: RunResult) => Object.fromEntries(run.results.map((r) => [r.probe, r.verdict]));

describe("reference device: each weakness flips exactly its probe", () => {
  it("good variant: the example profile passes; every weakness FAILs its probe and nothing else changes", async () => {
    const start = async (w: DemoWeakness[], telnet: number) => {
      const dir = tempDir("jcstar-demo-");
      const dev = await startDemoDevice({
        stateDir: dir.path,
        weaknesses: w,
        telnetPort: telnet,
        rebootDelayMs: 300,
        provisionPassword: PASSWORD,
      });
      cleanups.push(dir.cleanup);
      return dev;
    };
    // In parallel, each variant with its own devices; the telnet-like port is in every variant's scan.
    const runs: Record<string, RunResult> = {};
    const ports: Record<string, number> = {};
    await Promise.all(
      (["good", ...DEMO_WEAKNESSES] as const).map(async (w) => {
        const weaknesses: DemoWeakness[] = w === "good" ? [] : [w];
        ports[w] = await closedPort();
        const dev = await start(weaknesses, ports[w]);
        // The brute-force probe locks the account out on a good device: it gets a device of its own.
        const lockable = await start(weaknesses, await closedPort());
        try {
          const main = await runAgainst(dev, ports[w] as number);
          const brute = await runAgainst(lockable, ports[w] as number, "brute-force", BRUTE_FORCE);
          runs[w] = { ...main, results: [...main.results, ...brute.results] };
        } finally {
          await dev.close();
          await lockable.close();
        }
      }),
    );
    // Parsed with the one result schema: the probes' output is what core and the server accept.
    const good = runResultSchema.parse(runs.good);
    expect(verdicts(good)).toEqual({
      ports: "PASS",
      "device-info": "INCONCLUSIVE",
      "firmware-integrity": "PASS",
      persistence: "PASS",
      reset: "PASS",
      "brute-force": "PASS",
    });
    const info = good.results.find((r) => r.probe === "device-info");
    expect(info?.findings).toMatchObject({
      model: "JC-CAM-100",
      version: "1.2.3",
      latestVersion: "1.2.4",
      status: "update-available",
    });
    expect(info?.summary.en).toContain("update available: 1.2.3 → 1.2.4");
    for (const w of DEMO_WEAKNESSES) {
      const probe = CATCHES[w];
      const run = runResultSchema.parse(runs[w]);
      const expected = { ...verdicts(good), [probe]: "FAIL" };
      expect({ weakness: w, verdicts: verdicts(run) }).toEqual({ weakness: w, verdicts: expected });
    }
    // Why each FAIL happened, in both languages.
    const unit = (w: string, probe: string, id: string) =>
      runs[w]?.results.find((r) => r.probe === probe)?.units.find((u) => u.id === id);
    expect(unit("default-password", "reset", "no-default-credential")?.verdict).toBe("FAIL");
    expect(unit("accepts-tampered", "firmware-integrity", "bitflip-rejected")?.verdict).toBe("FAIL");
    expect(unit("accepts-tampered", "firmware-integrity", "wrong-key-rejected")?.verdict).toBe("FAIL");
    expect(unit("accepts-tampered", "firmware-integrity", "positive-control")?.verdict).toBe("PASS");
    expect(unit("forgets-settings", "persistence", "settings-kept")?.detail.en).toContain(
      "ntp.nict.jp → pool.ntp.org",
    );
    expect(unit("forgets-settings", "persistence", "credential-kept")?.verdict).toBe("PASS");
    expect(unit("keeps-data-after-reset", "reset", "user-data-erased")?.verdict).toBe("FAIL");
    expect(unit("keeps-data-after-reset", "reset", "settings-erased")?.verdict).toBe("FAIL");
    expect(runs["telnet-port"]?.results[0]?.findings).toMatchObject({ undeclared: [ports["telnet-port"]] });
    for (const run of Object.values(runs))
      for (const r of run.results) {
        expect(r.log.length).toBeGreaterThan(0);
        expect(r.summary.ja.length * r.summary.en.length).toBeGreaterThan(0);
        for (const u of r.units) expect(u.detail.ja.length * u.detail.en.length).toBeGreaterThan(0);
      }
    // Device logs carry monotonic times; the reset's fresh password never lands in the results.
    const reset = good.results.find((r) => r.probe === "reset");
    expect(reset?.log.every((e) => typeof e.mono === "number")).toBe(true);
    expect(JSON.stringify(good)).not.toContain(PASSWORD);
  }, 90_000);

  it("no-lockout: five failed logins lock the account (429) only on the good variant", async () => {
    const tries = async (dev: DemoDevice) => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`${dev.url}/api/settings`, {
          headers: { Authorization: `Basic ${Buffer.from("admin:wrong-password").toString("base64")}` },
        });
        statuses.push(res.status);
      }
      return statuses;
    };
    expect(await tries(await device([]))).toEqual([401, 401, 401, 401, 401, 429]);
    expect(await tries(await device(["no-lockout"]))).toEqual([401, 401, 401, 401, 401, 401]);
  });

  it("reset: a default password that gets in stays FAIL when the set-up step then errors (the error shown too)", async () => {
    const dev = await device(["default-password"]);
    const brokenSetup = profileFor(dev, await closedPort()).replace(
      "path: /api/setup",
      "path: /api/no-such-setup",
    );
    const run = await runFullProfile(parseProfile(brokenSetup), {
      only: "reset",
      baseDir: dev.stateDir,
      env: { DEMO_PASSWORD: PASSWORD },
      pollMs: 50,
      timeoutMs: 2000,
    });
    const reset = run.results[0];
    const byId = Object.fromEntries((reset?.units ?? []).map((u) => [u.id, u.verdict]));
    expect(byId).toMatchObject({ "no-default-credential": "FAIL", setup: "ERROR" });
    expect(reset?.verdict).toBe("FAIL");
    expect(reset?.summary.en).toContain("a default password gets in");
    expect(reset?.summary.en).toContain(reset?.units.find((u) => u.id === "setup")?.detail.en);
  });

  it("--variant bad switches every weakness on; unknown names are refused", () => {
    expect(parseWeaknesses(undefined, "bad")).toEqual([...DEMO_WEAKNESSES]);
    expect(parseWeaknesses("telnet-port, no-lockout")).toEqual(["no-lockout", "telnet-port"]);
    expect(() => parseWeaknesses("backdoor")).toThrow(/unknown weakness: backdoor/);
  });
});
