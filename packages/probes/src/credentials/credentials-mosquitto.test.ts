import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, requireTool, tempDir, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBruteForceProbe } from "../brute-force/probe.ts";
import { startServer, type TestServer, waitForPort } from "../testing/processes.ts";
import { runDefaultCredentialsProbe } from "./probe.ts";

const mosquitto = which("mosquitto");
const mosquittoPasswd = which("mosquitto_passwd");
const haveMosquitto = requireTool(
  "mosquitto",
  mosquitto !== null && mosquittoPasswd !== null,
  "mosquitto or mosquitto_passwd not installed (apt install mosquitto)",
);

const PAIRS = [
  { username: "admin", password: "admin", source: "mirai" },
  { username: "root", password: "xc3511", source: "mirai" },
  { username: "guest", password: "guest", source: "vendor" },
];

describe.skipIf(!haveMosquitto)("login probes against mosquitto: anonymous listener vs password file", () => {
  const dir = tempDir("jcstar-mosq-cred-");
  let server: TestServer | undefined;
  let open = 0;
  let locked = 0;
  const password = `Dev-${process.pid}-${Date.now().toString(36)}`;

  beforeAll(async () => {
    [open, locked] = [await freePort(), await freePort()];
    const passwd = join(dir.path, "passwd");
    execFileSync(mosquittoPasswd as string, ["-c", "-b", passwd, "device", password], { stdio: "ignore" });
    const conf = join(dir.path, "mosquitto.conf");
    writeFileSync(
      conf,
      [
        "user root",
        "persistence false",
        "log_dest stderr",
        "per_listener_settings true",
        `listener ${open} 127.0.0.1`,
        "allow_anonymous true",
        `listener ${locked} 127.0.0.1`,
        "allow_anonymous false",
        `password_file ${passwd}`,
        "",
      ].join("\n"),
    );
    server = await startServer(mosquitto as string, ["-c", conf], open);
    await waitForPort(locked);
  });
  afterAll(async () => {
    await server?.stop();
    dir.cleanup();
  });
  const target = (port: number) => ({
    address: "127.0.0.1",
    hostName: "127.0.0.1",
    service: { id: "broker", protocol: "mqtt" as const, port, auth: { username: "device" } },
  });

  it("anonymous listener: CONNECT without credentials gets in (FAIL)", async () => {
    const r = await runDefaultCredentialsProbe({ ...target(open), pairs: PAIRS });
    expect(r.verdict).toBe("FAIL");
    expect(r.units.find((u) => u.id === "anonymous")).toMatchObject({ verdict: "FAIL" });
    expect(r.findings.anonymous).toEqual({ "CONNECT without credentials": "accepted: CONNACK 0 (accepted)" });
  });

  it("password file: anonymous and every default pair refused by CONNACK 5 (PASS)", async () => {
    const r = await runDefaultCredentialsProbe({ ...target(locked), pairs: PAIRS });
    expect(r.units.map((u) => [u.id, u.verdict])).toEqual([
      ["anonymous", "PASS"],
      ["default-credentials", "PASS"],
    ]);
    // 3 pairs + 7 guesses for the profile's account "device"
    expect(r.findings).toMatchObject({ pairs: 10, refused: 10, replies: { "5": 10 } });
  });

  it("brute force: mosquitto has no throttling, so the run is undefended (FAIL)", async () => {
    const r = await runBruteForceProbe({ ...target(locked), password, settings: { maxAttempts: 8 } });
    expect(r.units.map((u) => [u.id, u.verdict])).toEqual([
      ["valid-login", "PASS"],
      ["defence", "FAIL"],
    ]);
    expect(r.findings).toMatchObject({ attempts: 8, refused: 8, lockout: null, failureDelay: null });
    expect(r.summary.en).toContain("undefended");
  });
});
