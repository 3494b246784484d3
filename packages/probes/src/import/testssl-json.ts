import { text } from "../result/text.ts";
import { type ProbeResult, type RunResult, type TestUnit, TOOL_VERSION } from "../result/types.ts";
import { combineVerdicts } from "../result/verdict.ts";
import { DEPRECATED_PROTOCOLS, PROTOCOLS, type ProtocolName } from "../tls/versions.ts";

/** One testssl.sh finding (flat JSON: `--jsonfile`; `--jsonfile-pretty` is read too). */
export interface TestsslEntry {
  id: string;
  ip?: string;
  port?: string;
  severity: string;
  finding: string;
  cve?: string;
  cwe?: string;
}

const PROTOCOL_IDS: Record<string, ProtocolName> = {
  SSLv2: "SSLv2",
  SSLv3: "SSLv3",
  TLS1: "TLSv1",
  TLS1_1: "TLSv1.1",
  TLS1_2: "TLSv1.2",
  TLS1_3: "TLSv1.3",
};
const SEVERITY_ORDER = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "WARN", "INFO", "OK", "DEBUG"];

/** The entries of a testssl.sh JSON file, flat or pretty. Throws when it is neither. */
export function testsslEntries(json: unknown): TestsslEntry[] {
  const isEntry = (e: unknown): e is TestsslEntry =>
    typeof e === "object" && e !== null && typeof (e as TestsslEntry).id === "string";
  if (Array.isArray(json)) return json.filter(isEntry);
  const scan = (json as { scanResult?: unknown[] } | null)?.scanResult;
  if (Array.isArray(scan)) {
    const out: TestsslEntry[] = [];
    for (const target of scan) {
      const t = target as Record<string, unknown>;
      for (const value of Object.values(t))
        if (Array.isArray(value))
          for (const e of value)
            if (isEntry(e))
              out.push({ ...e, ip: String(t.ip ?? t.targetHost ?? ""), port: String(t.port ?? "") });
    }
    return out;
  }
  throw new Error("not testssl.sh JSON output (expected an array of findings or a scanResult object)");
}

/**
 * Converts testssl.sh JSON into a results document: one `tls` result per ip:port (S1.1-12,
 * supporting evidence). Deprecated protocols offered FAIL (units `protocol-*`, as jcstar's tls
 * probe); `protocol-modern` FAILs without TLS 1.2 and 1.3; `testssl-findings` FAILs on CRITICAL/HIGH
 * findings and is INCONCLUSIVE on MEDIUM/LOW/WARN ones (every such finding is listed).
 */
export function importTestsslJson(source: string, options: { file?: string } = {}): RunResult {
  const entries = testsslEntries(JSON.parse(source) as unknown);
  const byTarget = new Map<string, TestsslEntry[]>();
  for (const e of entries) {
    if (e.id === "scanTime" || e.id === "engine_problem") continue;
    const key = `${(e.ip ?? "").split("/")[0]}:${e.port ?? ""}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), e]);
  }
  const results = [...byTarget].map(([target, list]) => targetResult(target, list));
  const now = new Date().toISOString();
  return {
    tool: "jcstar",
    version: TOOL_VERSION,
    profile: `import testssl ${options.file ?? ""}`.trim(),
    host: results[0]?.service ?? "",
    startedAt: now,
    finishedAt: now,
    results,
  };
}

function targetResult(target: string, list: TestsslEntry[]): ProbeResult {
  const protocols: Partial<Record<ProtocolName, boolean>> = {};
  for (const e of list) {
    const name = PROTOCOL_IDS[e.id];
    if (name) protocols[name] = /^offered/i.test(e.finding) && !/not offered/i.test(e.finding);
  }
  const units: TestUnit[] = [];
  for (const p of DEPRECATED_PROTOCOLS) {
    if (protocols[p] === undefined) continue;
    units.push({
      id: `protocol-${p.toLowerCase()}`,
      verdict: protocols[p] ? "FAIL" : "PASS",
      detail: protocols[p]
        ? text(`${p} を受け入れます（廃止されたプロトコル）`, `${p} is offered (a deprecated protocol)`)
        : text(`${p} は受け入れません`, `${p} is not offered`),
    });
  }
  if (protocols["TLSv1.2"] !== undefined || protocols["TLSv1.3"] !== undefined) {
    const modern = protocols["TLSv1.2"] === true || protocols["TLSv1.3"] === true;
    units.push({
      id: "protocol-modern",
      verdict: modern ? "PASS" : "FAIL",
      detail: modern
        ? text("TLS 1.2 または 1.3 を受け入れます", "TLS 1.2 or 1.3 is offered")
        : text("TLS 1.2 も 1.3 も受け入れません", "neither TLS 1.2 nor TLS 1.3 is offered"),
    });
  }
  const notable = list
    .filter((e) => ["CRITICAL", "HIGH", "MEDIUM", "LOW", "WARN"].includes(e.severity.toUpperCase()))
    .sort(
      (a, b) =>
        SEVERITY_ORDER.indexOf(a.severity.toUpperCase()) - SEVERITY_ORDER.indexOf(b.severity.toUpperCase()),
    );
  const severe = notable.filter((e) => ["CRITICAL", "HIGH"].includes(e.severity.toUpperCase()));
  const describe = (es: TestsslEntry[]) =>
    es
      .slice(0, 20)
      .map((e) => `${e.id} [${e.severity}]: ${e.finding}`)
      .join("; ") + (es.length > 20 ? ` … (+${es.length - 20})` : "");
  units.push({
    id: "testssl-findings",
    verdict: severe.length > 0 ? "FAIL" : notable.length > 0 ? "INCONCLUSIVE" : "PASS",
    detail:
      notable.length > 0
        ? text(
            `testssl.sh の指摘 ${notable.length} 件: ${describe(notable)}`,
            `${notable.length} testssl.sh findings: ${describe(notable)}`,
          )
        : text("testssl.sh の指摘（LOW 以上）はありません", "no testssl.sh finding of severity LOW or above"),
  });
  const counts: Record<string, number> = {};
  for (const e of list) counts[e.severity.toUpperCase()] = (counts[e.severity.toUpperCase()] ?? 0) + 1;
  const offered = PROTOCOLS.filter((p) => protocols[p]);
  const failing = units.filter((u) => u.verdict !== "PASS");
  return {
    probe: "tls",
    service: target,
    criteria: ["S1.1-12"],
    verdict: combineVerdicts(units.map((u) => u.verdict)),
    summary: text(
      `testssl.sh の結果（取り込み）: 受け入れるプロトコル ${offered.join(", ") || "不明"}${failing.length ? `。${failing.map((u) => u.detail.ja).join("／")}` : "。問題は見つかりませんでした"}`,
      `testssl.sh results (imported): offers ${offered.join(", ") || "unknown"}${failing.length ? `; ${failing.map((u) => u.detail.en).join("; ")}` : "; no issue found"}`,
    ),
    findings: {
      source: "testssl.sh",
      target,
      protocols,
      severityCounts: counts,
      issues: notable.map((e) => ({
        id: e.id,
        severity: e.severity,
        finding: e.finding,
        ...(e.cve ? { cve: e.cve } : {}),
        ...(e.cwe ? { cwe: e.cwe } : {}),
      })),
    },
    units,
    log: [],
  };
}
