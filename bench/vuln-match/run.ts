/**
 * Benchmark (outside CI): vulnerability matching. The machine has no internet, so instead of a downloaded OSV dump
 * this writes a SYNTHETIC one with the size and shape of OSV's Debian all.zip (one JSON record per advisory,
 * DEBIAN-CVE-… ids, CVE aliases, details text, 1–3 `affected` entries for Debian:11/12/13 with ECOSYSTEM ranges
 * introduced 0 → fixed), then in one run: `importOsvZip` into a fresh SQLite database (timed), an SBOM of 5,000
 * Debian components (CycloneDX JSON, half of them at vulnerable versions) imported into a release, and
 * `matchComponents` (timed) and `scanRelease` (match + findings + S1.1-13 evidence, timed). Writes docs/benchmarks.md (section bench:vuln-match).
 *
 *   npx tsx bench/vuln-match/run.ts [advisories=50000] [components=5000]
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  createDb,
  createFirmwareRelease,
  createOrganisation,
  createProduct,
  importOsvZip,
  importSbom,
  listReleaseComponents,
  loadCatalog,
  matchComponents,
  migrateToLatest,
  scanRelease,
} from "@jcstar/core";
import { cycloneDxSbom, writeZip } from "@jcstar/core/vuln/test-dumps";
import { commitId, writeSection } from "../lib/report.ts";

const ROOT = join(import.meta.dirname, "../..");
const advisories = Number(process.argv[2] ?? 50_000);
const componentCount = Number(process.argv[3] ?? 5_000);
const work = mkdtempSync(join(tmpdir(), "jcstar-bench-vuln-"));
const PACKAGES = 6_000;
const pkg = (i: number) => `libpkg${i}`;
// A deterministic pseudo-random sequence, so that runs compare.
let seed = 42;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

function record(n: number): string {
  const year = 2005 + (n % 21);
  const cve = `CVE-${year}-${String(10_000 + n).padStart(5, "0")}`;
  const p = pkg(Math.floor(rand() * PACKAGES));
  const releases = ["11", "12", "13"].slice(0, 1 + Math.floor(rand() * 3));
  const major = 1 + Math.floor(rand() * 4);
  const minor = Math.floor(rand() * 20);
  return JSON.stringify({
    schema_version: "1.6.0",
    id: `DEBIAN-${cve}`,
    modified: `2026-11-${String(1 + (n % 25)).padStart(2, "0")}T00:00:00Z`,
    published: `${year}-06-01T00:00:00Z`,
    aliases: [cve],
    upstream: [cve],
    details: `${p}: synthetic advisory ${n}. ${"A flaw was found that could allow a remote attacker to cause a denial of service or execute code. ".repeat(4)}`,
    affected: releases.map((r) => ({
      package: { ecosystem: `Debian:${r}`, name: p, purl: `pkg:deb/debian/${p}?arch=source` },
      ranges: [
        {
          type: "ECOSYSTEM",
          events: [
            { introduced: "0" },
            { fixed: `${major}.${minor}.${Math.floor(rand() * 9)}-${1 + Math.floor(rand() * 3)}+deb${r}u1` },
          ],
        },
      ],
      versions: [],
      ecosystem_specific: { urgency: ["low", "medium", "high", "not yet assigned"][n % 4] },
      database_specific: { source: `https://security-tracker.debian.org/tracker/${cve}` },
    })),
  });
}

async function main() {
  const entries: Record<string, string> = {};
  for (let n = 0; n < advisories; n++) entries[`DEBIAN-CVE-${n}.json`] = record(n);
  const zip = await writeZip(join(work, "all.zip"), entries);
  const zipBytes = statSync(zip).size;
  const rawBytes = Object.values(entries).reduce((s, e) => s + e.length, 0);

  const handle = await createDb({ dataDir: join(work, "data") });
  await migrateToLatest(handle.db);
  const now = () => new Date();
  const deps = {
    db: handle.db,
    catalog: loadCatalog(),
    now,
    blobs: { root: join(work, "data") },
    maxUploadBytes: 1024 ** 3,
  };
  const t0 = performance.now();
  const source = await importOsvZip(deps, { id: null }, zip);
  const importMs = performance.now() - t0;

  const ctx = {
    orgId: (await createOrganisation(handle.db, "Bench", now())).id,
    actor: { id: null, name: "bench" },
    lang: "en" as const,
  };
  const product = await createProduct(deps, ctx, { name: "Bench router", category: "router" });
  const release = await createFirmwareRelease(deps, ctx, product.id, {
    version: "1.0.0",
    releasedOn: "2026-11-26",
  });
  const components = Array.from({ length: componentCount }, (_, i) => {
    const vulnerable = i % 2 === 0;
    const version = vulnerable ? `0.${i % 50}.1-1` : `99.0.${i % 50}-1`;
    const name = pkg(i % PACKAGES);
    return { name, version, purl: `pkg:deb/debian/${name}@${version}?distro=debian-12` };
  });
  await importSbom(deps, ctx, release.id, Buffer.from(cycloneDxSbom(components)), "bench.cdx.json");
  const t1 = performance.now();
  const matched = await matchComponents(handle.db, await listReleaseComponents(deps, ctx, release.id));
  const matchMs = performance.now() - t1;
  const t2 = performance.now();
  const scan = await scanRelease(deps, ctx, release.id);
  const scanMs = performance.now() - t2;
  if (matched.length !== scan.counts.findings) throw new Error("match and scan disagree");
  const rss = process.memoryUsage().rss;
  await handle.close();

  const rows = [
    "## Vulnerability matching / 脆弱性の照合（SYNTHETIC OSV Debian-shaped dump / 合成データ）",
    "",
    "| | |",
    "|---|---|",
    `| commit | ${commitId()} |`,
    `| date / 日時 | ${new Date().toISOString()} |`,
    `| machine / 環境 | ${cpus().length} CPU, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        " ",
      )} at the end / 終了時の負荷 (shared machine / 共用), Node ${process.version}, SQLite in ${tmpdir()} |`,
    `| data / データ | **synthetic** (no internet on this machine / 本機はインターネット接続なし): ${advisories.toLocaleString("en")} OSV records shaped like OSV's Debian all.zip (DEBIAN-CVE ids, CVE aliases, details, 1–3 Debian:11/12/13 ranges), ${(zipBytes / 1024 ** 2).toFixed(1)} MiB zipped, ${(rawBytes / 1024 ** 2).toFixed(1)} MiB of JSON; ${PACKAGES.toLocaleString("en")} package names |`,
    `| command / コマンド | \`npx tsx bench/vuln-match/run.ts ${advisories} ${componentCount}\` |`,
    `| import / 取り込み | ${(importMs / 1000).toFixed(1)} s for ${source.advisoryCount.toLocaleString("en")} advisories (${Math.round(source.advisoryCount / (importMs / 1000)).toLocaleString("en")}/s) — ZIP guard, parse + validate every record, one transaction |`,
    `| components / 構成要素 | ${componentCount.toLocaleString("en")} Debian purls (CycloneDX), half at vulnerable versions |`,
    `| match / 照合 | **${(matchMs / 1000).toFixed(2)} s** — ${matched.length.toLocaleString("en")} findings (\`matchComponents\`: purl lookup, Debian version order over OSV ranges, CVE-alias ratings) |`,
    `| scan / 検査 | ${(scanMs / 1000).toFixed(2)} s — match again, store the findings, file the report as S1.1-13 evidence (\`scanRelease\`) |`,
    `| process RSS at the end / 終了時のメモリ | ${Math.round(rss / 1024 ** 2)} MiB |`,
  ];
  writeSection(join(ROOT, "docs/benchmarks.md"), "vuln-match", rows.join("\n"));
  console.log(rows.join("\n"));
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
