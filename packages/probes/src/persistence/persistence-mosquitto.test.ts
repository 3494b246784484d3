import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, requireTool, tempDir, which } from "@jcstar/testkit";
import mqtt from "mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { createDeviceContext } from "../actions/context.ts";
import { parseProfile } from "../profile/load.ts";
import { waitForPort } from "../testing/processes.ts";
import { runPersistenceProbe } from "./probe.ts";

const mosquitto = which("mosquitto");
const mosquittoPasswd = which("mosquitto_passwd");
const haveMosquitto = requireTool(
  "mosquitto",
  mosquitto !== null && mosquittoPasswd !== null,
  "mosquitto / mosquitto_passwd not installed (apt install mosquitto)",
);

const PASSWORD = "broker-pass-77";

/**
 * A mosquitto broker run as a daemon with a pid file, so that the probe's restart action — a local
 * command — can SIGKILL it (a power loss: no clean shutdown) and start it again.
 */
function brokerConfig(dir: string, port: number, persistence: boolean) {
  const passwd = join(dir, "passwd");
  execFileSync(mosquittoPasswd as string, ["-b", "-c", passwd, "device", PASSWORD]);
  const pid = join(dir, "mosquitto.pid");
  const conf = join(dir, "mosquitto.conf");
  writeFileSync(
    conf,
    [
      ...(process.getuid?.() === 0 ? ["user root"] : []),
      `pid_file ${pid}`,
      `persistence ${persistence}`,
      `persistence_location ${dir}/`,
      "autosave_interval 1",
      "autosave_on_changes true",
      `log_dest file ${join(dir, "mosquitto.log")}`,
      "sys_interval 1",
      `listener ${port} 127.0.0.1`,
      "allow_anonymous false",
      `password_file ${passwd}`,
      "",
    ].join("\n"),
  );
  const start = `${mosquitto} -c '${conf}' -d`;
  return {
    conf,
    pid,
    start,
    restart: `kill -9 "$(cat '${pid}')"; sleep 0.2; ${start}`,
  };
}

describe.skipIf(!haveMosquitto)("persistence probe: mosquitto killed with SIGKILL and started again", () => {
  const dirs: Array<{ path: string; cleanup: () => void }> = [];
  afterAll(() => {
    for (const d of dirs) {
      const pidFile = join(d.path, "mosquitto.pid");
      if (existsSync(pidFile)) {
        const pid = Number(readFileSync(pidFile, "utf8").trim());
        try {
          if (pid > 0) process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      d.cleanup();
    }
  });

  const run = async (persistence: boolean) => {
    const dir = tempDir("jcstar-mosq-persist-");
    dirs.push(dir);
    const port = await freePort();
    const broker = brokerConfig(dir.path, port, persistence);
    execFileSync("/bin/sh", ["-c", broker.start]);
    await waitForPort(port);
    // The "user setting": a retained message, published with QoS 1, then autosaved.
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
      username: "device",
      password: PASSWORD,
      reconnectPeriod: 0,
    });
    await client.publishAsync("dev/settings/ntp", "ntp.nict.jp", { qos: 1, retain: true });
    await client.endAsync();
    await new Promise((r) => setTimeout(r, 1500));
    const profile = parseProfile(`name: broker persistence ${persistence}
host: 127.0.0.1
services:
  - { id: broker, protocol: mqtt, port: ${port}, auth: { username: device, passwordEnv: MQ_PW } }
info:
  version: { mqtt: { topic: "$SYS/broker/version" } }
actions:
  restart: { command: ${JSON.stringify(broker.restart)}, timeoutSeconds: 10, waitSeconds: 15 }
state:
  settings:
    - { mqtt: { topic: dev/settings/ntp } }
`);
    return runPersistenceProbe(
      createDeviceContext(profile, "127.0.0.1", { env: { MQ_PW: PASSWORD }, pollMs: 100, timeoutMs: 3000 }),
    );
  };

  it("persistence true: the retained setting, the password and the version survive → PASS", async () => {
    const r = await run(true);
    expect(r.units.map((u) => [u.id, u.verdict])).toEqual([
      ["restart", "PASS"],
      ["credential-kept", "PASS"],
      ["no-default-credential", "PASS"],
      ["update-state-kept", "PASS"],
      ["settings-kept", "PASS"],
      ["user-data-kept", "NOT_RUN"],
    ]);
    expect(r.verdict).toBe("PASS");
    expect(r.findings.before).toMatchObject({ settings: [{ value: "ntp.nict.jp" }] });
    expect(r.log.some((e) => e.event === "action" && String(e.how) === "command exit 0")).toBe(true);
  }, 40_000);

  it("persistence false: the retained setting is lost → FAIL on settings-kept only", async () => {
    const r = await run(false);
    expect(r.verdict).toBe("FAIL");
    const failed = r.units.filter((u) => u.verdict === "FAIL").map((u) => u.id);
    expect(failed).toEqual(["settings-kept"]);
    expect(r.units.find((u) => u.id === "credential-kept")?.verdict).toBe("PASS");
    expect(r.summary.en).toContain("dev/settings/ntp");
    expect(r.summary.ja).toContain("設定が失われました");
  }, 40_000);
});
