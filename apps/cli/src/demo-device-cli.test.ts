import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join, resolve } from "node:path";
import { freePort, tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";

const BIN = resolve(import.meta.dirname, "../bin/jcstar.js");
const dirs: Array<{ cleanup: () => void }> = [];
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill("SIGTERM");
  for (const d of dirs) d.cleanup();
});

/** `jcstar demo-device …` as a process; resolves once it printed where it listens. */
async function startDevice(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [BIN, "demo-device", "--port", "0", "--lang", "en", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  running.add(child);
  let err = "";
  child.stderr?.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const url = await new Promise<string>((res, rej) => {
    const t = setTimeout(() => rej(new Error(`no URL printed:\n${err}`)), 60_000);
    child.stderr?.on("data", () => {
      const m = /reference device JC-CAM-100: (https?:\/\/\S+)/.exec(err);
      if (m?.[1] && /Ctrl\+C/.test(err)) {
        clearTimeout(t);
        res(m[1]);
      }
    });
    child.on("exit", () => rej(new Error(`exited:\n${err}`)));
  });
  const stop = async () => {
    const code = await new Promise<number | null>((res) => {
      child.on("exit", (c) => res(c));
      child.kill("SIGTERM");
    });
    running.delete(child);
    return code;
  };
  return { url, stderr: () => err, stop };
}

const basic = (user: string, pass: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`,
});

function portOpen(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      res(true);
    });
    s.once("error", () => res(false));
  });
}

describe("jcstar demo-device", () => {
  it("starts on 127.0.0.1, serves the device API, writes its state folder and keeps it across restarts", async () => {
    const dir = tempDir("jcstar-demo-cli-");
    dirs.push(dir);
    const state = join(dir.path, "state");
    const profile = join(dir.path, "profile.yaml");
    const dev = await startDevice(["--state", state, "--profile-out", profile]);
    expect(dev.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(dev.stderr()).toContain("weaknesses: none (good)");
    const info = (await (await fetch(`${dev.url}/api/info`)).json()) as { model: string; firmware: string };
    expect(info).toMatchObject({ model: "JC-CAM-100", firmware: "1.2.3" });
    for (const f of [
      "keys/vendor.pub",
      "firmware/cam-1.2.4.bin",
      "firmware/cam-1.2.4.bin.sig",
      "device.json",
    ])
      expect(existsSync(join(state, f)), f).toBe(true);
    const port = new URL(dev.url).port;
    const written = readFileSync(profile, "utf8");
    expect(written).toContain(`port: ${port}`);
    expect(written).toContain(`http://127.0.0.1:${port}/releases/manifest.json`);
    expect(written).not.toContain("8480");
    // Good: no default password before set-up; set-up once; settings saved.
    expect((await fetch(`${dev.url}/`, { headers: basic("admin", "admin") })).status).toBe(401);
    const setup = await fetch(`${dev.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ password: "a-long-device-secret" }),
    });
    expect(setup.status).toBe(201);
    const put = await fetch(`${dev.url}/api/settings`, {
      method: "PUT",
      headers: { ...basic("admin", "a-long-device-secret"), "content-type": "application/json" },
      body: JSON.stringify({ ntpServer: "ntp.example.jp" }),
    });
    expect(put.status).toBe(200);
    expect(await dev.stop()).toBe(0);

    // The same --state folder: still set up, same password, same settings.
    const again = await startDevice(["--state", state]);
    expect((await fetch(`${again.url}/api/setup`, { method: "POST", body: "{}" })).status).toBe(409);
    const settings = await fetch(`${again.url}/api/settings`, {
      headers: basic("admin", "a-long-device-secret"),
    });
    expect(((await settings.json()) as { ntpServer: string }).ntpServer).toBe("ntp.example.jp");
    expect(await again.stop()).toBe(0);
  }, 120_000);

  it("--variant bad switches every weakness on; --weakness only the ones named", async () => {
    const a = tempDir("jcstar-demo-cli-");
    const b = tempDir("jcstar-demo-cli-");
    dirs.push(a, b);
    const [telnetBad, telnetOne] = [await freePort(), await freePort()];
    const bad = await startDevice([
      "--state",
      a.path,
      "--variant",
      "bad",
      "--telnet-port",
      String(telnetBad),
    ]);
    expect(bad.stderr()).toContain(
      "weaknesses: default-password, no-lockout, accepts-tampered, forgets-settings, keeps-data-after-reset, telnet-port",
    );
    expect((await fetch(`${bad.url}/`, { headers: basic("admin", "admin") })).status).toBe(200);
    expect(await portOpen(telnetBad)).toBe(true);
    // No lockout: ten wrong passwords and still 401, never 429.
    for (let i = 0; i < 10; i++)
      expect((await fetch(`${bad.url}/`, { headers: basic("admin", `wrong${i}`) })).status).toBe(401);
    expect(await bad.stop()).toBe(0);

    const one = await startDevice([
      "--state",
      b.path,
      "--weakness",
      "default-password",
      "--telnet-port",
      String(telnetOne),
    ]);
    expect(one.stderr()).toMatch(/weaknesses: default-password\n/);
    expect((await fetch(`${one.url}/`, { headers: basic("admin", "admin") })).status).toBe(200);
    expect(await portOpen(telnetOne)).toBe(false);
    // The lockout is on: the sixth wrong password is refused with 429.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await fetch(`${one.url}/`, { headers: basic("admin", `wrong${i}`) })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(await one.stop()).toBe(0);
  }, 120_000);

  it("--host 127.0.0.2 --tls --profile-out: an https profile on that host whose manifest check passes on the pinned certificate", async () => {
    const dir = tempDir("jcstar-demo-cli-");
    dirs.push(dir);
    const state = join(dir.path, "state");
    const profile = join(dir.path, "profile.yaml");
    const env = { ...process.env, DEMO_PASSWORD: "a-long-device-secret" };
    const args = ["--host", "127.0.0.2", "--tls", "--state", state, "--profile-out", profile];
    const dev = await startDevice([...args, "--password-env", "DEMO_PASSWORD"], env);
    expect(dev.url).toMatch(/^https:\/\/127\.0\.0\.2:\d+$/);
    const port = new URL(dev.url).port;
    const pin = new X509Certificate(readFileSync(join(state, "tls/device.crt"))).fingerprint256;
    expect(dev.stderr()).toContain(`certificate SHA-256: ${pin}`);
    const written = readFileSync(profile, "utf8");
    expect(written).toContain("host: 127.0.0.2");
    expect(written).toMatch(new RegExp(`protocol: https\\s+port: ${port}`));
    expect(written).toContain(`"https://127.0.0.2:${port}/releases/manifest.json"`);
    expect(written).toContain(`certificateSha256: ${pin}`);
    expect(written).toContain("# Device profile of the reference device"); // comments kept
    // The device is on 127.0.0.2 only.
    expect(await portOpen(Number(port))).toBe(false);

    const runInfo = (file: string) => {
      const out = join(dir.path, `${Math.random()}.json`);
      const r = spawnSync(
        process.execPath,
        [BIN, "probe", "run", file, "--only", "device-info", "--files", state, "--json", out, "--lang", "en"],
        { encoding: "utf8", timeout: 60_000, env },
      );
      expect(existsSync(out), r.stderr).toBe(true);
      const json = JSON.parse(readFileSync(out, "utf8")) as {
        results: {
          probe: string;
          units: { id: string; verdict: string }[];
          findings: Record<string, unknown>;
        }[];
      };
      return json.results.find((x) => x.probe === "device-info");
    };
    const pinned = runInfo(profile);
    expect(pinned?.findings.manifest).toMatchObject({ signed: true, latestVersion: "1.2.4" });
    expect(pinned?.findings.status).toBe("update-available");
    expect(pinned?.units.map((u) => u.id)).not.toContain("version-manifest");

    // Another pin: the same device's manifest is not trusted.
    const wrong = join(dir.path, "wrong.yaml");
    writeFileSync(
      wrong,
      written.replace(`certificateSha256: ${pin}`, `certificateSha256: ${"AB".repeat(32)}`),
    );
    const refused = runInfo(wrong);
    expect(refused?.units.find((u) => u.id === "version-manifest")?.verdict).toBe("FAIL");
    expect(refused?.findings.status).toBe("unknown");
    expect(await dev.stop()).toBe(0);
  }, 120_000);

  it("refuses an unknown weakness or variant (exit 2 / usage error) without starting", () => {
    const dir = tempDir("jcstar-demo-cli-");
    dirs.push(dir);
    const unknown = spawnSync(
      process.execPath,
      [BIN, "demo-device", "--port", "0", "--state", dir.path, "--weakness", "no-lockout,open-door"],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown weakness: open-door");
    const variant = spawnSync(process.execPath, [BIN, "demo-device", "--variant", "purple"], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(variant.status).not.toBe(0);
    expect(variant.stderr).toContain("good or bad");
  }, 120_000);
});
