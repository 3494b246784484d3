import { describe, expect, it } from "vitest";
import type { RunResult } from "../result/types.ts";
import { combineVerdicts, exitCodeFor } from "../result/verdict.ts";
import { junitSchemaProblems, junitSuiteCounts, parseJunit } from "../testing/junit-schema.ts";
import { renderJunit, xmlEscape } from "./junit.ts";
import { renderSarif } from "./sarif.ts";
import { renderTextReport } from "./text.ts";

const run: RunResult = {
  tool: "jcstar",
  version: "0.1.0",
  profile: "CAM <100> & co",
  host: "127.0.0.1",
  startedAt: "2026-01-01T00:00:00.000Z",
  finishedAt: "2026-01-01T00:00:05.000Z",
  results: [
    {
      probe: "ports",
      criteria: ["S1.1-13"],
      verdict: "FAIL",
      summary: { ja: "未申告の開放ポート 1 件: 2323", en: "1 undeclared open port: 2323 (telnet)" },
      findings: {},
      units: [
        { id: "undeclared-ports", verdict: "FAIL", detail: { ja: "未申告 2323", en: "undeclared 2323" } },
        { id: "scan-coverage", verdict: "PASS", detail: { ja: "全ポート", en: "all ports" } },
      ],
      log: [],
      durationMs: 1200,
    },
    {
      probe: "tls",
      service: "web",
      criteria: ["S1.1-12"],
      verdict: "ERROR",
      summary: { ja: "接続できません", en: "cannot connect" },
      findings: {},
      units: [
        { id: "handshake", verdict: "ERROR", detail: { ja: "接続できません", en: "cannot connect \u0001" } },
        { id: "certificate-trust", verdict: "INCONCLUSIVE", detail: { ja: "自己署名", en: "self-signed" } },
        { id: "time-limit", verdict: "NOT_RUN", detail: { ja: "未実行", en: "not run" } },
      ],
      log: [],
    },
  ],
};

describe("verdicts and exit codes", () => {
  it("combines unit verdicts, most severe first", () => {
    expect(combineVerdicts(["PASS", "INCONCLUSIVE", "FAIL"])).toBe("FAIL");
    expect(combineVerdicts(["FAIL", "ERROR"])).toBe("FAIL");
    expect(combineVerdicts(["ERROR", "INCONCLUSIVE", "PASS"])).toBe("ERROR");
    expect(combineVerdicts(["NOT_RUN", "ERROR"])).toBe("ERROR");
    expect(combineVerdicts(["PASS", "NOT_RUN"])).toBe("PASS");
    expect(combineVerdicts([])).toBe("NOT_RUN");
  });
  it("exit 1 on FAIL/ERROR, and on INCONCLUSIVE only when strict", () => {
    expect(exitCodeFor(["PASS", "NOT_RUN"], true)).toBe(0);
    expect(exitCodeFor(["PASS", "INCONCLUSIVE"], false)).toBe(0);
    expect(exitCodeFor(["PASS", "INCONCLUSIVE"], true)).toBe(1);
    expect(exitCodeFor(["ERROR"], false)).toBe(1);
  });
});

describe("report writers", () => {
  it("text report in each language", () => {
    const en = renderTextReport(run, "en");
    expect(en).toContain("[FAIL] ports  (S1.1-13)");
    expect(en).toContain("✗ undeclared-ports: undeclared 2323");
    expect(en).toContain("total: 2 — FAIL 1, ERROR 1");
    const ja = renderTextReport(run, "ja");
    expect(ja).toContain("未申告の開放ポート 1 件");
    expect(ja).toContain("合計: 2");
  });

  it("JUnit XML: one testcase per unit, counts match, text escaped", () => {
    const xml = renderJunit(run, "en");
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml).toContain('tests="5" failures="1" errors="1">');
    expect(xml).toContain('<failure message="undeclared 2323" type="FAIL">');
    expect(xml).toContain('name="CAM-100"'.replace("CAM-100", "jcstar probe CAM &lt;100&gt; &amp; co"));
    expect(xml).not.toContain("\u0001");
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml.match(/<\/testsuite>/g)).toHaveLength(2);
    expect(xmlEscape(`a<b>"c"&'d'`)).toBe("a&lt;b&gt;&quot;c&quot;&amp;&apos;d&apos;");
  });

  it("JUnit XML stays within junit-10.xsd (parsed with fast-xml-parser); per-suite counts equal the results", () => {
    const root = parseJunit(renderJunit(run, "ja"));
    expect(junitSchemaProblems(root)).toEqual([]);
    expect(Object.keys(root.attrs).sort()).toEqual(["errors", "failures", "name", "tests", "time"]);
    expect(junitSuiteCounts(root)).toEqual(
      run.results.map((r) => ({
        name: r.service ? `${r.probe} ${r.service}` : r.probe,
        tests: r.units.length,
        failures: r.units.filter((u) => u.verdict === "FAIL").length,
        errors: r.units.filter((u) => u.verdict === "ERROR").length,
        skipped: r.units.filter((u) => u.verdict === "NOT_RUN" || u.verdict === "INCONCLUSIVE").length,
      })),
    );
    for (const [i, suite] of root.children.entries()) {
      const counts = junitSuiteCounts(root)[i];
      expect(suite.attrs).toMatchObject({
        tests: String(counts?.tests),
        failures: String(counts?.failures),
        errors: String(counts?.errors),
        skipped: String(counts?.skipped),
      });
    }
    // The checker itself: an attribute outside the schema is caught.
    const bad = parseJunit(
      '<testsuites skipped="1"><testsuite name="a" tests="0" failures="0" errors="0"/></testsuites>',
    );
    expect(junitSchemaProblems(bad)).toEqual(["testsuites: attribute skipped not in the schema"]);
  });

  it("SARIF 2.1.0: a rule per unit id, a result per unit with the right kind", () => {
    const sarif = JSON.parse(renderSarif(run, { lang: "ja", profilePath: "profiles/cam.yaml" }));
    expect(sarif.version).toBe("2.1.0");
    const [r] = sarif.runs;
    expect(r.tool.driver.name).toBe("jcstar");
    expect(r.results).toHaveLength(5);
    const ruleIds = new Set(r.tool.driver.rules.map((x: { id: string }) => x.id));
    for (const res of r.results) expect(ruleIds.has(res.ruleId)).toBe(true);
    expect(r.results.map((x: { kind: string; level: string }) => `${x.kind}/${x.level}`)).toEqual([
      "fail/error",
      "pass/none",
      "fail/warning",
      "review/none",
      "notApplicable/none",
    ]);
    expect(r.results[0].message.text).toBe("未申告 2323");
    expect(r.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("profiles/cam.yaml");
  });
});
