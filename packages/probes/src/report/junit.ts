import type { Lang, ProbeResult, RunResult, TestUnit } from "../result/types.ts";
import { resultName } from "./text.ts";

/** Escapes text for an XML attribute or element. */
export function xmlEscape(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .split("")
    .filter((ch) => {
      const code = ch.charCodeAt(0);
      return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d; // XML 1.0 forbids other controls
    })
    .join("");
}

/**
 * JUnit XML of a run, within the common JUnit schema (Jenkins `junit-10.xsd`): one `<testsuite>` per
 * result (probe, or probe and service), one `<testcase>` per test unit. FAIL → `<failure>`, ERROR →
 * `<error>`, NOT_RUN and INCONCLUSIVE → `<skipped>` (the message says which). `<testsuites>` carries
 * only name, time, tests, failures and errors (the schema has no skip count there); each
 * `<testsuite>` also carries its `skipped` count. Messages are in `lang`.
 */
export function renderJunit(run: RunResult, lang: Lang): string {
  const seconds = (ms?: number) => ((ms ?? 0) / 1000).toFixed(3);
  const all = run.results.flatMap((r) => r.units);
  const count = (v: string) => all.filter((u) => u.verdict === v).length;
  const totalMs = run.results.reduce((sum, r) => sum + (r.durationMs ?? 0), 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="jcstar probe ${xmlEscape(run.profile)}" time="${seconds(totalMs)}" tests="${all.length}" failures="${count("FAIL")}" errors="${count("ERROR")}">`,
  ];
  for (const r of run.results) {
    const name = resultName(r);
    const c = (v: string) => r.units.filter((u) => u.verdict === v).length;
    out.push(
      `  <testsuite name="${xmlEscape(name)}" tests="${r.units.length}" failures="${c("FAIL")}" errors="${c("ERROR")}" skipped="${c("NOT_RUN") + c("INCONCLUSIVE")}" time="${seconds(r.durationMs)}" timestamp="${xmlEscape(run.startedAt)}" hostname="${xmlEscape(run.host)}">`,
    );
    out.push(
      `    <properties><property name="criteria" value="${xmlEscape(r.criteria.join(","))}"/><property name="verdict" value="${r.verdict}"/></properties>`,
    );
    for (const u of r.units) out.push(testcase(r, u, lang));
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}

function testcase(r: ProbeResult, u: TestUnit, lang: Lang): string {
  const message = xmlEscape(u.detail[lang]);
  const head = `    <testcase classname="jcstar.${xmlEscape(r.probe)}${r.service ? `.${xmlEscape(r.service)}` : ""}" name="${xmlEscape(u.id)}"`;
  if (u.verdict === "PASS") return `${head}/>`;
  if (u.verdict === "FAIL")
    return `${head}><failure message="${message}" type="FAIL">${message}</failure></testcase>`;
  if (u.verdict === "ERROR")
    return `${head}><error message="${message}" type="ERROR">${message}</error></testcase>`;
  return `${head}><skipped message="${u.verdict}: ${message}" type="${u.verdict}"/></testcase>`;
}
