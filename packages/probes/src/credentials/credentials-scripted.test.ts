import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { delayThreshold, percentile } from "../brute-force/analyse.ts";
import { runBruteForceProbe } from "../brute-force/probe.ts";
import { closedPorts } from "../testing/fixtures.ts";
import { ftpReply } from "./ftp.ts";
import { pairsFor, parsePair, shippedList } from "./list.ts";
import { mqttLoginPacket } from "./mqtt.ts";
import { runDefaultCredentialsProbe } from "./probe.ts";
import { telnetFilter } from "./telnet.ts";
import { type ScriptedServer, startScriptedFtp, startScriptedTelnet } from "./test-servers.ts";

const FEW = [
  { username: "root", password: "xc3511", source: "mirai" },
  { username: "admin", password: "admin", source: "mirai" },
  { username: "root", password: "vizxv", source: "mirai" },
];

describe("credential list, parsers and analysis", () => {
  it("ships the Mirai pairs and notes its sources and licences", () => {
    const list = shippedList();
    expect(list.compiledFrom).toContain("SecLists (MIT)");
    expect(list.sources.map((s) => s.licence).join(" ")).toContain("MIT");
    expect(list.pairs.slice(0, 2)).toEqual([
      { username: "root", password: "xc3511", source: "mirai" },
      { username: "root", password: "vizxv", source: "mirai" },
    ]);
    const keys = list.pairs.map((p) => `${p.username}:${p.password}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain("admin:");
  });

  it("orders extra pairs, guesses for the profile's account, then the list; bounded and de-duplicated", () => {
    const pairs = pairsFor({ auth: { username: "admin" } }, FEW, ["svc:Secret:1"], 5);
    expect(pairs.map((p) => `${p.source}:${p.username}/${p.password}`)).toEqual([
      "extra:svc/Secret:1",
      "profile-user:admin/",
      "profile-user:admin/admin",
      "profile-user:admin/password",
      "profile-user:admin/1234",
    ]);
    expect(pairs).toHaveLength(5);
    expect(parsePair("nocolon", "x")).toBeNull();
  });

  it("reads FTP replies, Telnet negotiation and builds MQTT CONNECT with credentials", () => {
    expect(ftpReply(Buffer.from("220-welcome\r\n220 ready\r\n"))).toEqual({ code: 220, text: "220 ready" });
    expect(ftpReply(Buffer.from("530 Login"))).toBeNull();
    const sent: Buffer[] = [];
    const filter = telnetFilter((b) => sent.push(b));
    expect(filter(Buffer.from([255, 251, 1, 255, 253, 24, 108, 111, 103, 105, 110, 58, 32])).toString()).toBe(
      "login: ",
    );
    expect(sent).toEqual([Buffer.from([255, 253, 1]), Buffer.from([255, 252, 24])]);
    const packet = mqttLoginPacket("c", "u", "p".repeat(200));
    expect(packet[0]).toBe(0x10);
    expect(packet[1] as number).toBeGreaterThan(0x7f); // two-byte remaining length
    expect(packet.includes(Buffer.from([0x04, 0xc2]))).toBe(true); // level 4, user + password + clean
  });

  it("finds the failure-delay threshold and percentiles", () => {
    const l = (ms: number[]) => ms.map((latencyMs, i) => ({ n: i + 1, latencyMs }));
    expect(delayThreshold(l([20, 30, 1200, 1500, 1100]))).toBe(3);
    expect(delayThreshold(l([20, 1200, 30, 1500]))).toBeNull();
    expect(delayThreshold(l([20, 30, 40]))).toBeNull();
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
  });
});

describe("telnet and FTP login servers (scripted), good and bad", () => {
  const servers: ScriptedServer[] = [];
  const start = async (s: Promise<ScriptedServer>) => {
    const server = await s;
    servers.push(server);
    return server;
  };
  const target = (protocol: "telnet" | "ftp", port: number, username?: string) => ({
    address: "127.0.0.1",
    hostName: "127.0.0.1",
    service: { id: protocol, protocol, port, ...(username ? { auth: { username } } : {}) },
    connectTimeoutMs: 2000,
  });
  let closed = 0;
  beforeAll(async () => {
    [closed] = (await closedPorts(1)) as [number];
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it("telnet: a Mirai pair gets in (FAIL); a shell without login is anonymous access (FAIL)", async () => {
    const bad = await start(startScriptedTelnet({ users: { root: "vizxv" }, triesPerConnection: 3 }));
    const r = await runDefaultCredentialsProbe({ ...target("telnet", bad.port), pairs: FEW });
    expect(r.verdict).toBe("FAIL");
    expect(r.findings).toMatchObject({ accepted: { username: "root", password: "vizxv" }, tried: 3 });
    expect(r.units.find((u) => u.id === "anonymous")?.verdict).toBe("PASS");
    expect(r.summary.en).toContain("root / vizxv");
    expect(r.log.every((e) => typeof e.mono === "number")).toBe(true);
    const open = await start(startScriptedTelnet({ users: {}, anonymous: true }));
    const a = await runDefaultCredentialsProbe({ ...target("telnet", open.port), pairs: FEW });
    expect(a.units.find((u) => u.id === "anonymous")).toMatchObject({ verdict: "FAIL" });
  });

  it("telnet: every pair refused by the login prompt coming back is a PASS", async () => {
    const good = await start(startScriptedTelnet({ users: { root: "Unique-7f3a" }, triesPerConnection: 2 }));
    const r = await runDefaultCredentialsProbe({ ...target("telnet", good.port), pairs: FEW });
    expect(r.verdict).toBe("PASS");
    expect(r.findings).toMatchObject({ tried: 3, refused: 3 });
    // login(1)-style servers hang up after 2 tries: the probe reconnected.
    expect(r.log.some((e) => e.event === "attempt" && e.reconnected === true)).toBe(true);
  });

  it("a service that does not answer is INCONCLUSIVE, never PASS", async () => {
    const r = await runDefaultCredentialsProbe({ ...target("telnet", closed), pairs: FEW });
    expect(r.verdict).toBe("INCONCLUSIVE");
    expect(r.units.find((u) => u.id === "default-credentials")?.detail.en).toContain("not refusals");
  });

  it("FTP: anonymous login is a FAIL; 530 for every pair is a PASS", async () => {
    const bad = await start(startScriptedFtp({ users: {}, anonymous: true }));
    const r = await runDefaultCredentialsProbe({ ...target("ftp", bad.port), pairs: FEW });
    expect(r.units.find((u) => u.id === "anonymous")).toMatchObject({ verdict: "FAIL" });
    expect(r.units.find((u) => u.id === "default-credentials")).toMatchObject({ verdict: "PASS" });
    expect(r.verdict).toBe("FAIL");
    const good = await start(startScriptedFtp({ users: { cam: "Unique-1" }, triesPerConnection: 2 }));
    const g = await runDefaultCredentialsProbe({ ...target("ftp", good.port), pairs: FEW });
    expect(g.verdict).toBe("PASS");
  });

  it("brute force on FTP without defence FAILs; every attempt is logged with time, latency and outcome", async () => {
    const ftp = await start(startScriptedFtp({ users: { cam: "Right-pass-1" }, triesPerConnection: 3 }));
    const r = await runBruteForceProbe({
      ...target("ftp", ftp.port, "cam"),
      password: "Right-pass-1",
      settings: { maxAttempts: 6 },
    });
    expect(r.verdict).toBe("FAIL");
    expect(r.summary.en).toMatch(/^undefended: all 6 wrong passwords/);
    expect(r.findings).toMatchObject({
      attempts: 6,
      refused: 6,
      disconnects: 1,
      reconnects: 1,
      defence: "none",
    });
    const wrong = r.log.filter((e) => e.event === "attempt" && e.kind === "wrong");
    expect(wrong).toHaveLength(6);
    for (const e of wrong) expect(e).toMatchObject({ outcome: "refused", reply: "530 Login incorrect." });
    expect(wrong.filter((e) => e.reconnected === true)).toHaveLength(1);
    expect(JSON.stringify(r.log)).not.toContain("Right-pass-1");
  });

  it("brute force on FTP with a 1.2 s failure delay PASSes (the delay is the defence)", async () => {
    const ftp = await start(startScriptedFtp({ users: { cam: "Right-pass-2" }, failureDelayMs: 1200 }));
    const r = await runBruteForceProbe({
      ...target("ftp", ftp.port, "cam"),
      password: "Right-pass-2",
      settings: { maxAttempts: 3 },
    });
    expect(r.verdict).toBe("PASS");
    expect(r.summary.en).toContain("each failed attempt took ≥ 1 s from attempt 1");
  }, 20_000);

  it("brute force on Telnet with a silent lockout: the valid password is refused, the lockout measured", async () => {
    const telnet = await start(
      startScriptedTelnet({
        users: { admin: "Right-pass-3" },
        lockAfter: 3,
        lockMs: 2500,
        triesPerConnection: 3,
      }),
    );
    const r = await runBruteForceProbe({
      ...target("telnet", telnet.port, "admin"),
      password: "Right-pass-3",
      settings: { maxAttempts: 4, lockoutProbeSeconds: 10 },
    });
    expect(r.verdict).toBe("PASS");
    expect(r.findings.lockout).toMatchObject({
      kind: "silent",
      afterAttempts: 4,
      durationIsLowerBound: false,
    });
    const seconds = (r.findings.lockout as { durationSeconds: number }).durationSeconds;
    expect(seconds).toBeGreaterThan(0.5);
    expect(seconds).toBeLessThan(6);
    expect(r.summary.en).toMatch(
      /silent lockout \(the valid password refused\) after 4 attempts, lockout ≈ /,
    );
  }, 20_000);

  it("without an account the brute-force result is NOT_RUN; a failing valid login is INCONCLUSIVE", async () => {
    const ftp = await start(startScriptedFtp({ users: { cam: "x" } }));
    expect((await runBruteForceProbe(target("ftp", ftp.port))).verdict).toBe("NOT_RUN");
    const r = await runBruteForceProbe({ ...target("ftp", ftp.port, "cam"), password: "not-it" });
    expect(r.verdict).toBe("INCONCLUSIVE");
    expect(r.findings).not.toHaveProperty("attempts");
  });
});
