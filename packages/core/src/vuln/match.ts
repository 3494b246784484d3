import type { Db } from "../db/create-db.ts";
import type { ReleaseComponent } from "../sbom/release-components.ts";
import { type AffectedData, matchCpe, matchOsv } from "./affected.ts";
import { parseCpe } from "./purl.ts";
import { type Severity, severityRank } from "./severity.ts";

/** One vulnerability found in one component. */
export type MatchedFinding = {
  componentId: string | null;
  componentName: string;
  componentVersion: string | null;
  componentKey: string;
  purl: string | null;
  vulnId: string;
  aliases: string[];
  severity: Severity;
  score: number | null;
  summary: string | null;
  fixedVersions: string[];
  source: string;
};

const IN_CHUNK = 400;

/** What a VEX statement refers to: the purl, else name@version. */
export function componentKey(c: { purl: string | null; name: string; version: string | null }): string {
  return c.purl ?? `${c.name}@${c.version ?? ""}`;
}

async function affectedRows(db: Db, ecosystem: string, packages: string[]) {
  const out: { advisory_key: string; package: string; data: string }[] = [];
  for (let i = 0; i < packages.length; i += IN_CHUNK) {
    out.push(
      ...(await db
        .selectFrom("vuln_affected")
        .select(["advisory_key", "package", "data"])
        .where("ecosystem", "=", ecosystem)
        .where("package", "in", packages.slice(i, i + IN_CHUNK))
        .execute()),
    );
  }
  return out;
}

type Hit = { component: ReleaseComponent; advisoryKey: string; fixed: string[]; via: "purl" | "cpe" };

/**
 * Matches components against the stored advisory data: by purl (ecosystem, package name and the ecosystem's
 * version order over OSV ranges; the distribution release when the purl names one) and by CPE (NVD cpeMatch
 * version bounds). A vulnerability found both ways in one component is reported once (OSV id, CVE as alias).
 * An advisory without a CVSS rating takes the rating of its CVE alias from imported NVD data.
 */
export async function matchComponents(
  db: Db,
  components: readonly ReleaseComponent[],
): Promise<MatchedFinding[]> {
  const hits: Hit[] = [];
  const byEcosystem = new Map<string, ReleaseComponent[]>();
  for (const c of components) {
    if (c.ecosystem && c.package && c.version)
      byEcosystem.set(c.ecosystem, [...(byEcosystem.get(c.ecosystem) ?? []), c]);
  }
  for (const [ecosystem, list] of byEcosystem) {
    const rows = await affectedRows(db, ecosystem, [...new Set(list.map((c) => c.package as string))]);
    const byPackage = new Map<string, typeof rows>();
    for (const r of rows) byPackage.set(r.package, [...(byPackage.get(r.package) ?? []), r]);
    for (const c of list) {
      const release = c.purl ? distroOf(c.purl) : null;
      for (const r of byPackage.get(c.package as string) ?? []) {
        const data = JSON.parse(r.data) as AffectedData;
        if (data.kind !== "osv") continue;
        if (release && data.release && !sameRelease(release, data.release)) continue;
        const outcome = matchOsv(c.version as string, ecosystem, data);
        if (outcome.affected)
          hits.push({ component: c, advisoryKey: r.advisory_key, fixed: outcome.fixed, via: "purl" });
      }
    }
  }
  const withCpe = components.flatMap((c) => {
    const cpe = c.cpe ? parseCpe(c.cpe) : null;
    const version = cpe?.version ?? c.version;
    return cpe && version ? [{ c, cpe, version }] : [];
  });
  if (withCpe.length > 0) {
    const rows = await affectedRows(db, "cpe", [...new Set(withCpe.map((x) => x.cpe.package))]);
    const byPackage = new Map<string, typeof rows>();
    for (const r of rows) byPackage.set(r.package, [...(byPackage.get(r.package) ?? []), r]);
    for (const { c, cpe, version } of withCpe) {
      for (const r of byPackage.get(cpe.package) ?? []) {
        const data = JSON.parse(r.data) as AffectedData;
        if (data.kind !== "cpe") continue;
        const outcome = matchCpe(version, data);
        if (outcome.affected)
          hits.push({ component: c, advisoryKey: r.advisory_key, fixed: outcome.fixed, via: "cpe" });
      }
    }
  }
  return findingsOf(db, hits);
}

function distroOf(purl: string): string | null {
  const m = /[?&]distro=([^&#]+)/.exec(purl);
  return m ? decodeURIComponent(m[1] as string) : null;
}

/** "debian-12" or "bookworm" against OSV's "12"; "alpine-3.18.4" against "v3.18". */
function sameRelease(purlDistro: string, osvRelease: string): boolean {
  const numbers = (s: string) => /(\d+(?:\.\d+)?)/.exec(s)?.[1] ?? s.toLowerCase();
  return (
    numbers(purlDistro) === numbers(osvRelease) || purlDistro.toLowerCase().includes(osvRelease.toLowerCase())
  );
}

async function findingsOf(db: Db, hits: Hit[]): Promise<MatchedFinding[]> {
  const keys = [...new Set(hits.map((h) => h.advisoryKey))];
  const advisories = new Map<string, Awaited<ReturnType<typeof loadAdvisories>>[number]>();
  for (let i = 0; i < keys.length; i += IN_CHUNK) {
    for (const a of await loadAdvisories(db, keys.slice(i, i + IN_CHUNK))) advisories.set(a.key, a);
  }
  // Ratings from NVD for advisories (e.g. Debian's) that carry none of their own.
  const unrated = [...advisories.values()].filter((a) => a.severity === "unknown");
  const cves = [
    ...new Set(
      unrated.flatMap((a) => (JSON.parse(a.aliases) as string[]).filter((x) => x.startsWith("CVE-"))),
    ),
  ];
  const nvd = new Map<string, { severity: string; score_x10: number | null }>();
  for (let i = 0; i < cves.length; i += IN_CHUNK) {
    const rows = await db
      .selectFrom("vuln_advisories")
      .select(["advisory_id", "severity", "score_x10"])
      .where("kind", "=", "nvd")
      .where("advisory_id", "in", cves.slice(i, i + IN_CHUNK))
      .execute();
    for (const r of rows) nvd.set(r.advisory_id, r);
  }
  const out: MatchedFinding[] = [];
  // Each finding under every id it goes by (advisory id and aliases), per component: duplicates are found at once.
  const byId = new Map<string, MatchedFinding>();
  for (const h of hits) {
    const a = advisories.get(h.advisoryKey);
    if (!a) continue;
    const aliases = JSON.parse(a.aliases) as string[];
    let severity = a.severity as Severity;
    let score = a.score_x10 === null ? null : Number(a.score_x10) / 10;
    if (severity === "unknown") {
      for (const alias of aliases) {
        const n = nvd.get(alias);
        if (n && severityRank(n.severity) > severityRank(severity)) {
          severity = n.severity as Severity;
          score = n.score_x10 === null ? null : Number(n.score_x10) / 10;
        }
      }
    }
    const key = componentKey(h.component);
    const ids = [a.advisory_id, ...aliases];
    // The same vulnerability of the same component (found via OSV and NVD, or in two dumps): keep one.
    const existing = ids.map((id) => byId.get(`${key}\n${id}`)).find((f) => f !== undefined);
    if (existing) {
      existing.fixedVersions = [...new Set([...existing.fixedVersions, ...h.fixed])];
      if (h.via === "purl" && existing.source === "nvd") {
        Object.assign(existing, {
          vulnId: a.advisory_id,
          aliases: [...new Set([...aliases, existing.vulnId])],
          source: a.kind,
        });
      }
      if (severityRank(severity) > severityRank(existing.severity))
        Object.assign(existing, { severity, score });
      for (const id of ids) byId.set(`${key}\n${id}`, existing);
      continue;
    }
    const finding: MatchedFinding = {
      componentId: h.component.id,
      componentName: h.component.name,
      componentVersion: h.component.version,
      componentKey: key,
      purl: h.component.purl,
      vulnId: a.advisory_id,
      aliases,
      severity,
      score,
      summary: a.summary,
      fixedVersions: [...new Set(h.fixed)],
      source: a.kind,
    };
    out.push(finding);
    for (const id of ids) byId.set(`${key}\n${id}`, finding);
  }
  return out.sort(
    (x, y) =>
      severityRank(y.severity) - severityRank(x.severity) || x.componentName.localeCompare(y.componentName),
  );
}

function loadAdvisories(db: Db, keys: string[]) {
  return db
    .selectFrom("vuln_advisories")
    .select(["key", "kind", "advisory_id", "aliases", "summary", "severity", "score_x10"])
    .where("key", "in", keys)
    .execute();
}
