import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { resolve } from "node:path";
import { freePort, requireTool, tempDir, which } from "@jcstar/testkit";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../..");

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

/** Waits until both ports are closed (or fails after 10 s). */
async function poll(open: () => Promise<boolean[]>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await open()).every((o) => !o)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the demo's servers are still listening after kill %1 %2");
}

/** The shell block of the README's demo section, exactly as shown (between the demo markers). */
export function readmeDemo(readme: string): string {
  const section = /<!-- demo:start -->\s*```sh\n([\s\S]*?)```\s*<!-- demo:end -->/.exec(readme);
  if (!section?.[1])
    throw new Error("README.md has no demo block between <!-- demo:start --> and <!-- demo:end -->");
  return section[1];
}

const tools = ["bash", "curl", "jq", "openssl"].every((t) =>
  requireTool(t, which(t) !== null, `${t} is not installed (the README demo uses it)`),
);

describe.runIf(tools)("README demo", () => {
  it("runs as written: platform, reference device, every probe filed as evidence, blockers listed", async () => {
    const script = readmeDemo(readFileSync(resolve(ROOT, "README.md"), "utf8"));
    expect(script).toContain("probe run $DEMO/profile.yaml");
    const dir = tempDir("jcstar-readme-demo-");
    const env = {
      ...process.env,
      DEMO: dir.path,
      WEB_PORT: String(await freePort()),
      DEVICE_PORT: String(await freePort()),
    };
    const child = spawn("bash", ["-c", script], { cwd: ROOT, env, detached: true, stdio: "pipe" });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    try {
      const code = await new Promise<number | null>((res) => child.on("exit", res));
      const log = () => `${err.slice(-3000)}\n--- stdout ---\n${out.slice(-3000)}`;
      expect(code, log()).toBe(0);
      // Step 4: the report of every probe and the upload.
      for (const probe of ["ports", "device-info", "firmware-integrity", "persistence", "reset"])
        expect(out, log()).toMatch(new RegExp(`\\[(PASS|FAIL|INCONCLUSIVE|NOT_RUN|ERROR)\\] ${probe}\\b`));
      expect(out).toMatch(/\[PASS\] firmware-integrity/);
      expect(out).toMatch(/\[PASS\] persistence/);
      expect(out).toMatch(/\[PASS\] reset/);
      expect(out).toContain(
        "against the platform's records: the device's model JC-CAM-100 is one of the product's",
      );
      expect(err, log()).toMatch(/Filed as evidence \(\d+ records\)/);
      // …and the blockers, with the failed device test (login over plain HTTP) among them.
      expect(out).toMatch(/^S1\.1-01 NOT_ASSESSED: /m);
      expect(out).toMatch(/^S1\.1-12 DEVICE_TEST_FAILED: /m);
      expect(readFileSync(resolve(dir.path, "profile.yaml"), "utf8")).toContain(`port: ${env.DEVICE_PORT}`);
      // The block's last line stops both servers it started.
      await poll(async () => [await portOpen(Number(env.WEB_PORT)), await portOpen(Number(env.DEVICE_PORT))]);
    } finally {
      // The servers started in the background by the block: the whole process group of this bash.
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 500));
      dir.cleanup();
    }
  }, 600_000);
});
