import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseProfile } from "../profile/load.ts";
import { exitCodeFor } from "../result/verdict.ts";
import { closedPorts, startLoginHttpServer } from "../testing/fixtures.ts";
import { startScriptedTlsServer } from "../testing/scripted-tls-server.ts";
import { runProfile } from "./run-profile.ts";

describe("runProfile: a profile run end to end against loopback servers", () => {
  const stops: Array<() => Promise<void>> = [];
  let tlsPort = 0;
  let httpPort = 0;
  let closed: number[] = [];
  let profileText = "";

  beforeAll(async () => {
    const tls = await startScriptedTlsServer({ protocols: ["TLSv1", "TLSv1.2"], suites: [0xc02f, 0x000a] });
    const http = await startLoginHttpServer();
    stops.push(tls.close, http.close);
    [tlsPort, httpPort] = [tls.port, http.port];
    closed = await closedPorts(3);
    profileText = `name: lab unit
host: 127.0.0.1
declaredPorts:
  - { port: ${tlsPort}, protocol: tcp, purpose: web UI }
scan: { tcp: "${[tlsPort, httpPort, ...closed].join(",")}", udp: true }
services:
  - { id: web, protocol: https, port: ${tlsPort} }
  - { id: admin, protocol: http, port: ${httpPort}, auth: { type: basic, username: admin, passwordEnv: DUT_PW } }
  - { id: shell, protocol: ssh, port: ${closed[0]} }
`;
  });
  afterAll(async () => {
    await Promise.all(stops.map((s) => s()));
  });

  const udpPorts = () =>
    ({ ssdp: closed[0], coap: closed[1], mdns: closed[2], snmp: closed[0] }) as Record<string, number>;

  it("runs ports then tls per TLS/plaintext service, and every verdict is explained", async () => {
    const events: string[] = [];
    const run = await runProfile(parseProfile(profileText), {
      udpPorts: udpPorts(),
      identify: { bannerWaitMs: 200, timeoutMs: 500 },
      onProgress: (e) => events.push(e.message.en),
    });
    expect(run).toMatchObject({ tool: "jcstar", profile: "lab unit", host: "127.0.0.1" });
    expect(run.results.map((r) => [r.probe, r.service ?? null, r.verdict])).toEqual([
      ["ports", null, "FAIL"],
      ["tls", "web", "FAIL"],
      ["tls", "admin", "FAIL"],
    ]);
    const ports = run.results[0];
    expect(ports?.findings).toMatchObject({
      openTcpPorts: [tlsPort, httpPort].sort((a, b) => a - b),
      undeclared: [httpPort],
    });
    expect(ports?.summary.en).toBe(`1 undeclared open port: ${httpPort}/tcp (http)`);
    expect(ports?.summary.ja).toContain(String(httpPort));
    const web = run.results[1];
    expect(web?.findings.protocols).toMatchObject({ TLSv1: true, "TLSv1.2": true, "TLSv1.3": false });
    expect(web?.units.find((u) => u.id === "cipher-3des")?.verdict).toBe("FAIL");
    for (const r of run.results) {
      expect(r.units.length).toBeGreaterThan(0);
      for (const u of r.units) expect(u.detail.ja.length * u.detail.en.length).toBeGreaterThan(0);
      expect(r.log.length).toBeGreaterThan(0);
    }
    expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
    expect(events.some((e) => e.startsWith("scanning"))).toBe(true);
    expect(
      exitCodeFor(
        run.results.map((r) => r.verdict),
        false,
      ),
    ).toBe(1);
  });

  it("--only selects probes, and unknown names are refused", async () => {
    const run = await runProfile(parseProfile(profileText), { only: "tls" });
    expect(run.results.map((r) => r.probe)).toEqual(["tls", "tls"]);
    await expect(runProfile(parseProfile(profileText), { only: "ports,brute" })).rejects.toThrow(
      /unknown probe: brute/,
    );
  });

  it("is bounded in time: past the deadline the scan stops and the rest is NOT_RUN", async () => {
    const run = await runProfile(parseProfile(profileText), { runSeconds: 0, udpPorts: udpPorts() });
    const ports = run.results[0];
    expect(ports?.units.find((u) => u.id === "scan-coverage")?.verdict).toBe("INCONCLUSIVE");
    expect(run.results.slice(1).map((r) => r.verdict)).toEqual(["NOT_RUN", "NOT_RUN"]);
  });

  it("a TLS service that is down is an ERROR, not a PASS", async () => {
    const text = `name: down\nhost: 127.0.0.1\nservices:\n  - { id: web, protocol: https, port: ${closed[1]} }\n`;
    const run = await runProfile(parseProfile(text), { only: "tls" });
    expect(run.results[0]?.verdict).toBe("ERROR");
    expect(
      exitCodeFor(
        run.results.map((r) => r.verdict),
        false,
      ),
    ).toBe(1);
  });
});
