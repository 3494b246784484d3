import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseProfile } from "../profile/load.ts";
import { runProfile } from "../run/run-profile.ts";
import { type ScriptedServer, startScriptedFtp } from "./test-servers.ts";

describe("runProfile runs the login probes from the profile", () => {
  let ftp: ScriptedServer;
  const profile = (extra: string) => `name: ftp unit
host: 127.0.0.1
declaredPorts: [{ port: PORT }]
scan: { tcp: "PORT", udp: false }
services:
  - { id: files, protocol: ftp, port: PORT, auth: { username: cam, passwordEnv: DUT_FTP_PW } }
${extra}`;
  const load = (extra: string) => parseProfile(profile(extra).replaceAll("PORT", String(ftp.port)));
  beforeAll(async () => {
    ftp = await startScriptedFtp({ users: { cam: "Right-pass-9" }, triesPerConnection: 3 });
  });
  afterAll(() => ftp.close());

  it("with the profile keys: default-credentials and brute-force run after ports and tls", async () => {
    const run = await runProfile(
      load("defaultCredentials: { maxPairs: 3 }\nbruteForce: { maxAttempts: 4, lockoutProbeSeconds: 0 }\n"),
      { env: { DUT_FTP_PW: "Right-pass-9" } },
    );
    expect(run.results.map((r) => [r.probe, r.service ?? null, r.verdict])).toEqual([
      ["ports", null, "FAIL"],
      ["tls", "files", "FAIL"],
      ["default-credentials", "files", "PASS"],
      ["brute-force", "files", "FAIL"],
    ]);
    expect(run.results[2]?.criteria).toEqual(["S1.1-02", "S1.1-01"]);
    expect(run.results[3]?.criteria).toEqual(["S1.1-04"]);
    expect(JSON.stringify(run)).not.toContain("Right-pass-9");
  });

  it("without the keys they run only when --only names them", async () => {
    const plain = await runProfile(load(""), { only: "tls" });
    expect(plain.results.map((r) => r.probe)).toEqual(["tls"]);
    const none = await runProfile(load(""), { env: {} });
    expect(none.results.map((r) => r.probe)).toEqual(["ports", "tls"]);
    const named = await runProfile(load("defaultCredentials: { maxPairs: 1 }\n"), {
      only: "brute-force",
      env: {},
    });
    expect(named.results.map((r) => [r.probe, r.verdict])).toEqual([["brute-force", "INCONCLUSIVE"]]);
    expect(named.results[0]?.units.find((u) => u.id === "valid-login")?.detail.en).toContain(
      "DUT_FTP_PW is not set",
    );
  }, 30_000);

  it("refuses unknown keys in the new sections", () => {
    expect(() => load("bruteForce: { maxAttempt: 3 }\n")).toThrow(/bruteForce\.maxAttempt/);
    expect(() => load('defaultCredentials: { extra: ["nocolon"] }\n')).toThrow(
      /defaultCredentials\.extra\[0\]/,
    );
  });
});
