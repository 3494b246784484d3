import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { startLoginHttpServer } from "@jcstar/probes/testing/fixtures";
import { junitSchemaProblems, junitSuiteCounts, parseJunit } from "@jcstar/probes/testing/junit-schema";
import { startScriptedTlsServer } from "@jcstar/probes/testing/scripted-tls-server";
import { requireTool, tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProbeIo, probeRun } from "./probe.ts";

/*
 * The report files of a real `jcstar probe run` (a TLS server and a login over plain HTTP on
 * loopback) checked by independent readers: Microsoft's SARIF multitool (npm
 * @microsoft/sarif-multitool, a devDependency) validates the SARIF log, and fast-xml-parser reads the
 * JUnit XML, whose elements and attributes must stay within Jenkins' junit-10.xsd.
 */
const require = createRequire(import.meta.url);
function multitoolPath(): string | null {
  try {
    const path = require("@microsoft/sarif-multitool") as string;
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}
const multitool = multitoolPath();
const haveMultitool = requireTool(
  "sarif-multitool",
  multitool !== null,
  "@microsoft/sarif-multitool not installed (npm ci installs it)",
);

const silentIo: ProbeIo = { out: () => {}, err: () => {}, errIsTty: false };

describe("jcstar probe run: SARIF and JUnit files that independent tools accept", () => {
  const dir = tempDir("jcstar-cli-formats-");
  const stops: Array<() => Promise<void>> = [];
  const files = { json: "", junit: "", sarif: "" };

  beforeAll(async () => {
    const tls = await startScriptedTlsServer({ protocols: ["TLSv1.2"], suites: [0xc02f] });
    const http = await startLoginHttpServer();
    stops.push(tls.close, http.close);
    const profile = join(dir.path, "カメラ profile.yaml");
    writeFileSync(
      profile,
      [
        "name: formats",
        "host: 127.0.0.1",
        `declaredPorts: [{ port: ${tls.port} }, { port: ${http.port} }]`,
        `scan: { tcp: "${tls.port},${http.port}", udp: false }`,
        "services:",
        `  - { id: admin, protocol: http, port: ${http.port} }`,
        `  - { id: web, protocol: https, port: ${tls.port} }`,
        "",
      ].join("\n"),
    );
    Object.assign(files, {
      json: join(dir.path, "r.json"),
      junit: join(dir.path, "r.xml"),
      sarif: join(dir.path, "r.sarif"),
    });
    expect(await probeRun(profile, { lang: "ja", only: "ports,tls", ...files }, silentIo)).toBe(1);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(stops.map((s) => s()));
    dir.cleanup();
  });

  it.skipIf(!haveMultitool)(
    "SARIF: `sarif-multitool validate` reports no error; URIs are relative with a uriBaseId; rules have names",
    async () => {
      const out = join(dir.path, "validation.sarif");
      const { stdout } = await promisify(execFile)(
        multitool as string,
        ["validate", files.sarif, "--output", out, "--log", "ForceOverwrite"],
        { env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: "1" }, timeout: 120_000 },
      );
      // The multitool exits 0 even when it reports errors: read what it says.
      const errors = stdout.split("\n").filter((line) => /\berror SARIF\d+/.test(line));
      expect(errors).toEqual([]);
      expect(stdout).not.toMatch(/\berror\b.*JSON/i);
      const validation = JSON.parse(readFileSync(out, "utf8"));
      const findings = validation.runs[0].results as Array<{ level?: string; ruleId: string }>;
      expect(findings.filter((f) => f.level === "error")).toEqual([]);

      const text = readFileSync(files.sarif, "utf8");
      expect(text).not.toContain(dir.path);
      const run = JSON.parse(text).runs[0];
      expect(run.tool.driver.informationUri).toBeUndefined();
      for (const rule of run.tool.driver.rules) expect(rule.name).not.toBe(rule.id);
      const located = run.results.map(
        (r: { locations: Array<{ physicalLocation: { artifactLocation: object; region?: object } }> }) =>
          r.locations[0]?.physicalLocation,
      );
      expect(located[0].artifactLocation).toEqual({
        uri: "%E3%82%AB%E3%83%A1%E3%83%A9%20profile.yaml",
        uriBaseId: "PROFILEROOT",
      });
      // The tls results point at their service's line in the profile.
      const tlsAdmin = run.results.findIndex(
        (r: { properties: { service?: string } }) => r.properties.service === "admin",
      );
      expect(located[tlsAdmin].region).toEqual({ startLine: 6, startColumn: 5 });
    },
    180_000,
  );

  it("JUnit: only junit-10.xsd elements and attributes; per-suite counts equal the JSON results", () => {
    const root = parseJunit(readFileSync(files.junit, "utf8"));
    expect(junitSchemaProblems(root)).toEqual([]);
    const results = JSON.parse(readFileSync(files.json, "utf8")).results as Array<{
      probe: string;
      service?: string;
      units: Array<{ verdict: string }>;
    }>;
    const n = (units: Array<{ verdict: string }>, ...v: string[]) =>
      units.filter((u) => v.includes(u.verdict)).length;
    expect(junitSuiteCounts(root)).toEqual(
      results.map((r) => ({
        name: r.service ? `${r.probe} ${r.service}` : r.probe,
        tests: r.units.length,
        failures: n(r.units, "FAIL"),
        errors: n(r.units, "ERROR"),
        skipped: n(r.units, "NOT_RUN", "INCONCLUSIVE"),
      })),
    );
    const all = results.flatMap((r) => r.units);
    expect(root.attrs).toMatchObject({
      tests: String(all.length),
      failures: String(n(all, "FAIL")),
      errors: String(n(all, "ERROR")),
    });
    expect(n(all, "FAIL")).toBeGreaterThan(0);
  });
});
