import { XMLParser, XMLValidator } from "fast-xml-parser";
import { AppError } from "../errors/app-error.ts";
import { assertNoNulInDocument, assertSafeJson, MAX_DOCUMENT_DEPTH } from "../errors/input-guard.ts";
import { componentKey, type MatchedFinding } from "./match.ts";
import { packageFromPurl } from "./purl.ts";
import { normaliseSeverity, type Severity, severityOfScore } from "./severity.ts";

export type ScannerReport = {
  kind: "trivy" | "grype" | "openvas";
  tool: string;
  target: string | null;
  findings: MatchedFinding[];
};

export const MAX_REPORT_BYTES = 256 * 1024 * 1024;
const MAX_FINDINGS = 200_000;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const text = (v: unknown, max = 1000): string | null =>
  typeof v === "string" || typeof v === "number" ? String(v).slice(0, max) || null : null;

const fail = (reason: string): never => {
  throw new AppError("SCANNER_REPORT_REFUSED", { reason });
};

function finding(f: {
  name: string | null;
  version: string | null;
  purl: string | null;
  vulnId: string | null;
  aliases?: string[];
  severity: Severity;
  score: number | null;
  summary: string | null;
  fixed: string[];
  source: string;
}): MatchedFinding {
  if (!f.name || !f.vulnId) fail("a finding without a package name or vulnerability id");
  const purl = f.purl && packageFromPurl(f.purl) ? f.purl : null;
  return {
    componentId: null,
    componentName: f.name as string,
    componentVersion: f.version,
    componentKey: componentKey({ purl, name: f.name as string, version: f.version }),
    purl,
    vulnId: f.vulnId as string,
    aliases: f.aliases ?? [],
    severity: f.severity,
    score: f.score,
    summary: f.summary,
    fixedVersions: f.fixed,
    source: f.source,
  };
}

function bestScore(scores: unknown[]): number | null {
  const list = scores.filter((s): s is number => typeof s === "number" && s >= 0 && s <= 10);
  return list.length ? Math.max(...list) : null;
}

/** Trivy JSON (`trivy … --format json`, SchemaVersion 2): Results[].Vulnerabilities[]. */
function trivy(doc: Json): ScannerReport {
  const findings: MatchedFinding[] = [];
  for (const result of arr(doc.Results)) {
    for (const raw of arr(obj(result).Vulnerabilities)) {
      const v = obj(raw);
      const cvss = Object.values(obj(v.CVSS)).flatMap((c) => [obj(c).V3Score, obj(c).V40Score]);
      const score = bestScore(cvss);
      findings.push(
        finding({
          name: text(v.PkgName, 300),
          version: text(v.InstalledVersion, 200),
          purl: text(obj(v.PkgIdentifier).PURL, 2000),
          vulnId: text(v.VulnerabilityID, 200),
          severity: normaliseSeverity(text(v.Severity)),
          score,
          summary: text(v.Title) ?? text(v.Description),
          fixed: (text(v.FixedVersion, 500) ?? "").split(/,\s*/).filter(Boolean),
          source: "trivy",
        }),
      );
      if (findings.length > MAX_FINDINGS) fail(`more than ${MAX_FINDINGS} findings`);
    }
  }
  return { kind: "trivy", tool: "trivy", target: text(doc.ArtifactName, 500), findings };
}

/** Grype JSON (`grype … -o json`): matches[] with vulnerability and artifact. */
function grype(doc: Json): ScannerReport {
  const findings: MatchedFinding[] = [];
  for (const raw of arr(doc.matches)) {
    const m = obj(raw);
    const v = obj(m.vulnerability);
    const a = obj(m.artifact);
    const score = bestScore(arr(v.cvss).map((c) => obj(obj(c).metrics).baseScore));
    findings.push(
      finding({
        name: text(a.name, 300),
        version: text(a.version, 200),
        purl: text(a.purl, 2000),
        vulnId: text(v.id, 200),
        aliases: arr(m.relatedVulnerabilities)
          .map((r) => text(obj(r).id, 200))
          .filter((x): x is string => !!x),
        severity: normaliseSeverity(text(v.severity)),
        score,
        summary: text(v.description),
        fixed: arr(obj(v.fix).versions)
          .map((x) => text(x, 200))
          .filter((x): x is string => !!x),
        source: "grype",
      }),
    );
    if (findings.length > MAX_FINDINGS) fail(`more than ${MAX_FINDINGS} findings`);
  }
  const descriptor = obj(doc.descriptor);
  return {
    kind: "grype",
    tool: `grype ${text(descriptor.version, 50) ?? ""}`.trim(),
    target: text(obj(obj(doc.source).target).userInput, 500),
    findings,
  };
}

/** Every element named `name` anywhere below `node` (Greenbone nests report inside report). */
function collect(node: unknown, name: string, out: Json[], depth = 0): Json[] {
  if (depth > 64) return out;
  for (const [k, v] of Object.entries(obj(node))) {
    for (const item of arr(v)) {
      if (k === name) out.push(obj(item));
      else if (item && typeof item === "object") collect(item, name, out, depth + 1);
    }
  }
  return out;
}

/** Greenbone / OpenVAS XML report: result elements with nvt (name, CVE refs, CVSS), host and port. */
function openvas(xml: string): ScannerReport {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) fail("XML with a DOCTYPE or ENTITY declaration is refused");
  const valid = XMLValidator.validate(xml);
  if (valid !== true) fail(`malformed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false,
    processEntities: true,
    htmlEntities: false,
    isArray: (name) => ["result", "ref", "severity"].includes(name),
  });
  const doc = parser.parse(xml);
  const results = collect(obj(doc), "result", []).filter((r) => r.nvt !== undefined);
  if (results.length === 0 && !collect(obj(doc), "report", []).length) fail("not a Greenbone/OpenVAS report");
  const findings = results.slice(0, MAX_FINDINGS).map((r) => {
    const nvt = obj(r.nvt);
    const refs = collect(nvt, "ref", []);
    const cves = refs.filter((x) => x["@_type"] === "cve").map((x) => text(x["@_id"], 200) as string);
    const raw = r.severity;
    const scoreText = text(Array.isArray(raw) ? raw[0] : raw);
    const score = scoreText !== null && Number.isFinite(Number(scoreText)) ? Number(scoreText) : null;
    const host = text(typeof r.host === "object" ? obj(r.host)["#text"] : r.host, 200);
    const port = text(r.port, 100);
    const threat = text(r.threat);
    return finding({
      name: [host, port].filter(Boolean).join(" ") || (text(nvt.name, 300) ?? "host"),
      version: null,
      purl: null,
      vulnId: cves[0] ?? `OID-${text(nvt["@_oid"], 200) ?? "unknown"}`,
      aliases: [...cves.slice(1), ...(nvt["@_oid"] ? [`OID-${text(nvt["@_oid"], 200)}`] : [])],
      severity:
        normaliseSeverity(threat) !== "unknown"
          ? normaliseSeverity(threat)
          : score !== null
            ? severityOfScore(score)
            : "unknown",
      score: score !== null && score >= 0 && score <= 10 ? score : null,
      summary: text(nvt.name) ?? text(r.name),
      fixed: [],
      source: "openvas",
    });
  });
  return { kind: "openvas", tool: "greenbone", target: null, findings };
}

/** Reads a scanner report, recognised by content: Trivy JSON, Grype JSON, or Greenbone/OpenVAS XML. */
export function parseScannerReport(bytes: Buffer): ScannerReport {
  if (bytes.length > MAX_REPORT_BYTES) fail(`the file is larger than ${MAX_REPORT_BYTES} bytes`);
  let body: string;
  try {
    body = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\ufeff/, "");
  } catch {
    return fail("the file is not UTF-8 text");
  }
  const first = body.trimStart()[0];
  assertNoNulInDocument(body);
  if (first === "<") return openvas(body);
  if (first !== "{") return fail("neither JSON nor XML");
  let doc: Json;
  try {
    doc = obj(JSON.parse(body));
  } catch (error) {
    return fail(`bad JSON (${(error as Error).message.slice(0, 200)})`);
  }
  assertSafeJson(doc, MAX_DOCUMENT_DEPTH);
  if ("Results" in doc || "SchemaVersion" in doc) return trivy(doc);
  if ("matches" in doc) return grype(doc);
  return fail("not a Trivy or Grype JSON report");
}
