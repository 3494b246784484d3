import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { packagesOf, runRecorded } from "./testing/run-recorded.ts";

// bin/jcstar.js runs the bundle in apps/cli/dist (vitest's global setup builds it when stale). These tests run
// that build for commands that read data files at run time, so a file the build cannot find fails here:
// criteria (catalog JSON), probe run (profile YAML, probe criteria, default credentials). `package build` with
// the built CLI and the built server (templates, fonts, PDF, ZIP) is package-cli.test.ts.

const DIST = resolve(import.meta.dirname, "../dist");
const dirs: Array<{ cleanup: () => void }> = [];
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill("SIGTERM");
  for (const d of dirs) d.cleanup();
});

/** `jcstar demo-device` (the reference device) on 127.0.0.1; resolves once it wrote its profile. */
async function startDevice(state: string, profile: string): Promise<void> {
  const bin = resolve(import.meta.dirname, "../bin/jcstar.js");
  const args = ["demo-device", "--port", "0", "--lang", "en", "--state", state, "--profile-out", profile];
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  running.add(child);
  let err = "";
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`demo-device did not start:\n${err}`)), 60_000);
    child.stderr?.on("data", (c: Buffer) => {
      err += c.toString();
      if (/Ctrl\+C/.test(err)) {
        clearTimeout(timer);
        ok();
      }
    });
    child.on("exit", () => fail(new Error(`demo-device exited:\n${err}`)));
  });
}

describe("the built jcstar CLI", () => {
  it("runs apps/cli/dist without tsx, with source maps of the TypeScript sources", async () => {
    const run = await runRecorded(["--version"]);
    expect(run.code).toBe(0);
    expect(run.loaded.some((u) => u.endsWith("/apps/cli/dist/main.js"))).toBe(true);
    expect(packagesOf(run.loaded).has("tsx")).toBe(false);
    const map = JSON.parse(readFileSync(join(DIST, "main.js.map"), "utf8")) as { sources: string[] };
    expect(map.sources).toContain("../src/main.ts");
  });

  it("stack traces through the bundle name the TypeScript source lines", () => {
    // console.log, called by the criteria command, records where it was called from.
    const script = [
      `import { mapStackTraces } from ${JSON.stringify(resolve(import.meta.dirname, "../bin/stack-traces.js"))};`,
      "mapStackTraces();",
      'let stack = "";',
      'console.log = () => { stack = new Error("where").stack; };',
      `const { main } = await import(${JSON.stringify(join(DIST, "main.js"))});`,
      'await main(["node", "jcstar", "criteria", "--json"]);',
      "process.stdout.write(stack);",
    ].join("\n");
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/apps\/cli\/src\/commands\/criteria\.ts:\d+:\d+/);
    expect(run.stdout).not.toContain("/dist/");
  });

  it("criteria --json lists the 16 criteria from the catalog JSON", async () => {
    const run = await runRecorded(["criteria", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const items = JSON.parse(run.stdout) as { id: string }[];
    expect(items.map((i) => i.id)).toHaveLength(16);
    expect(items[0]?.id).toBe("S1.1-01");
  });

  it("probe run tests the reference device on loopback and writes its results", async () => {
    const dir = tempDir("jcstar-built-");
    dirs.push(dir);
    const state = join(dir.path, "state");
    const profile = join(dir.path, "profile.yaml");
    await startDevice(state, profile);
    const out = join(dir.path, "run.json");
    const args = ["probe", "run", profile, "--files", state, "--json", out, "--lang", "en"];
    const run = await runRecorded([...args, "--only", "ports,tls,device-info"]);
    expect(existsSync(out), run.stderr.slice(-800)).toBe(true);
    const json = JSON.parse(readFileSync(out, "utf8")) as {
      results: { probe: string; units: { id: string; verdict: string }[] }[];
    };
    expect(json.results.map((r) => r.probe).sort()).toEqual(["device-info", "ports", "tls"]);
    const info = json.results.find((r) => r.probe === "device-info");
    expect(info?.units.find((u) => u.id === "model-matches")?.verdict).toBe("PASS");
    // The reference device answers plain HTTP: the TLS probe says so.
    const tls = json.results.find((r) => r.probe === "tls");
    expect(tls?.units.find((u) => u.id === "plaintext")?.verdict).toBe("FAIL");
    expect(run.stdout).toMatch(/total: 3/);
  }, 120_000);
});
