import type { Lang, RunResult } from "../result/types.ts";
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
 * JUnit XML of a run: one `<testsuite>` per result (probe, or probe and service), one `<testcase>`
 * per test unit. FAIL → `<failure>`, ERROR → `<error>`, NOT_RUN and INCONCLUSIVE → `<skipped>`
 * (the message says which). Messages are in `lang`.
 */
export function renderJunit(run: RunResult, lang: Lang): string {
  const seconds = (ms?: number) => ((ms ?? 0) / 1000).toFixed(3);
  const all = run.results.flatMap((r) => r.units);
  const count = (v: string) => all.filter((u) => u.verdict === v).length;
  const skipped = count("NOT_RUN") + count("INCONCLUSIVE");
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="jcstar probe ${xmlEscape(run.profile)}" tests="${all.length}" failures="${count("FAIL")}" errors="${count("ERROR")}" skipped="${skipped}">`,
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
    for (const u of r.units) {
      const message = xmlEscape(u.detail[lang]);
      const head = `    <testcase classname="jcstar.${xmlEscape(r.probe)}${r.service ? `.${xmlEscape(r.service)}` : ""}" name="${xmlEscape(u.id)}"`;
      if (u.verdict === "PASS") out.push(`${head}/>`);
      else if (u.verdict === "FAIL")
        out.push(`${head}><failure message="${message}" type="FAIL">${message}</failure></testcase>`);
      else if (u.verdict === "ERROR")
        out.push(`${head}><error message="${message}" type="ERROR">${message}</error></testcase>`);
      else out.push(`${head}><skipped message="${u.verdict}: ${message}"/></testcase>`);
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}
