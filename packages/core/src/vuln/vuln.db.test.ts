import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssessment, getAssessment } from "../assessment/assessment.ts";
import { writeBackup } from "../backup/backup.ts";
import { restoreBackup } from "../backup/restore.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { createFirmwareRelease } from "../product/firmware.ts";
import { createProduct } from "../product/product.ts";
import { diffReleases } from "../sbom/diff-releases.ts";
import { exportCycloneDx } from "../sbom/export-cyclonedx.ts";
import { importSbom } from "../sbom/import-sbom.ts";
import type { VaultDeps } from "../vault/upload.ts";
import { importNvdFeed } from "./import-nvd.ts";
import { importOsvZip, OSV_LIMITS } from "./import-osv.ts";
import { setVulnPolicy } from "./policy.ts";
import { releaseFindings } from "./release-findings.ts";
import { scanRelease } from "./scan-release.ts";
import { listVulnSources, VULN_DATA_STALE_AFTER_DAYS } from "./store-advisories.ts";
import {
  cycloneDxSbom,
  FIXED_RELEASE,
  nvdFeed,
  OSV_RECORDS,
  VULNERABLE_RELEASE,
  writeNvdGz,
  writeZip,
} from "./test-dumps.ts";
import { deleteVexStatement, setVexStatement } from "./vex.ts";

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe.each(testDialects())("SBOM and vulnerabilities on %s", (dialect) => {
  let t: TestDb;
  let deps: VaultDeps;
  let ctx: RequestContext;
  let other: RequestContext;
  const dir = tempDir("jcstar-vuln-");
  let productId: string;
  let vulnerable: string;
  let fixed: string;
  let clock = new Date("2026-11-26T00:00:00Z");

  const counts = async () => ({
    sources: (await t.db.selectFrom("vuln_sources").select("id").execute()).length,
    advisories: (await t.db.selectFrom("vuln_advisories").select("key").execute()).length,
    affected: (await t.db.selectFrom("vuln_affected").select("id").execute()).length,
  });

  beforeAll(async () => {
    t = await openTestDb(dialect);
    deps = {
      db: t.db,
      catalog: loadCatalog(),
      now: () => clock,
      blobs: { root: dir.path },
      maxUploadBytes: 64 * 1024 * 1024,
    };
    ctx = {
      orgId: (await createOrganisation(t.db, "A", clock)).id,
      actor: { id: null, name: "tester" },
      lang: "en",
    };
    other = {
      orgId: (await createOrganisation(t.db, "B", clock)).id,
      actor: { id: null, name: "x" },
      lang: "en",
    };
    const p = await createProduct(deps, ctx, {
      name: "Router",
      category: "router",
      connectivity: { interfaces: ["ethernet"], closedNetwork: false },
    });
    productId = p.id;
    await createAssessment(deps, ctx, productId);
    vulnerable = (
      await createFirmwareRelease(deps, ctx, productId, { version: "1.0.0", releasedOn: "2026-10-01" })
    ).id;
    fixed = (
      await createFirmwareRelease(deps, ctx, productId, { version: "1.1.0", releasedOn: "2026-09-01" })
    ).id;
  });
  afterAll(async () => {
    await t?.dispose();
    dir.cleanup();
  });

  it("imports an OSV ecosystem dump and an NVD feed, recording source, date and age", async () => {
    const zip = await writeZip(join(dir.path, "all.zip"), OSV_RECORDS);
    const osv = await importOsvZip(deps, ctx.actor, zip);
    expect(osv).toMatchObject({
      kind: "osv",
      advisoryCount: 4,
      dataModifiedAt: "2026-11-20T10:00:00Z",
      fileName: "all.zip",
    });
    const nvd = await importNvdFeed(deps, ctx.actor, writeNvdGz(dir.path));
    expect(nvd).toMatchObject({ kind: "nvd", name: "nvdcve-2.0-2023", advisoryCount: 2 });
    const sources = await listVulnSources(deps);
    expect(sources.map((s) => [s.kind, s.ageDays])).toEqual([
      ["nvd", 5],
      ["osv", 5],
    ]);
    expect(sources.map((s) => [s.stale, s.staleAfterDays])).toEqual([
      [false, VULN_DATA_STALE_AFTER_DAYS],
      [false, VULN_DATA_STALE_AFTER_DAYS],
    ]);
    // Stale only once the data is more than the threshold old: 30 days is not, 31 is.
    const later = (days: number) => ({
      ...deps,
      now: () => new Date(deps.now().getTime() + days * 86_400_000),
    });
    const at30 = await listVulnSources(later(VULN_DATA_STALE_AFTER_DAYS - 5));
    expect(at30.map((s) => [s.ageDays, s.stale])).toEqual([
      [30, false],
      [30, false],
    ]);
    const at31 = await listVulnSources(later(VULN_DATA_STALE_AFTER_DAYS - 4));
    expect(at31.map((s) => [s.ageDays, s.stale])).toEqual([
      [31, true],
      [31, true],
    ]);
    // A new import of the same source replaces the old one.
    await importOsvZip(deps, ctx.actor, zip);
    expect(await counts()).toEqual({ sources: 2, advisories: 6, affected: 5 });
  });

  it("matches vulnerable versions and not fixed ones across Debian, Maven, PyPI, npm (semver) and CPE", async () => {
    await importSbom(deps, ctx, vulnerable, Buffer.from(cycloneDxSbom(VULNERABLE_RELEASE)), "bom.json");
    await importSbom(deps, ctx, fixed, Buffer.from(cycloneDxSbom(FIXED_RELEASE)), "bom.json");
    const bad = await scanRelease(deps, ctx, vulnerable);
    expect(bad.counts.findings).toBe(5);
    const view = await releaseFindings(deps, ctx, vulnerable);
    const byName = Object.fromEntries(view.findings.map((f) => [f.componentName, f]));
    expect(byName.openssl).toMatchObject({
      vulnId: "DEBIAN-CVE-2023-5678",
      severity: "medium",
      fixedVersions: ["3.0.13-1~deb12u1"],
    });
    expect(byName["log4j-core"]).toMatchObject({
      vulnId: "GHSA-jfh8-c2jp-5v3q",
      severity: "critical",
      score: 10,
    });
    expect(byName.requests).toMatchObject({ severity: "medium", fixedVersions: ["2.31.0"] });
    expect(byName.semver).toMatchObject({ severity: "high", score: 7.5 });
    expect(byName.busybox).toMatchObject({
      vulnId: "CVE-2022-48174",
      source: "nvd",
      severity: "critical",
      fixedVersions: ["1.35.0"],
    });
    expect(view.counts).toEqual({ total: 5, affected: 5, notAffected: 0, blocking: 3 });
    const good = await scanRelease(deps, ctx, fixed);
    expect(good.counts.findings).toBe(0);
    // Another organisation sees nothing of it.
    expect((await errorOf(releaseFindings(deps, other, vulnerable))).code).toBe("NOT_FOUND");
  });

  it("files the scan as S1.1-13 evidence naming the data sources and dates", async () => {
    const view = await releaseFindings(deps, ctx, vulnerable);
    const evidenceId = view.scans[0]?.evidenceId as string;
    const e = await t.db
      .selectFrom("evidence")
      .selectAll()
      .where("id", "=", evidenceId)
      .executeTakeFirstOrThrow();
    expect(e.type).toBe("device_test");
    expect(e.result_summary).toContain("5 known vulnerabilities");
    expect(e.result_summary).toContain("0 not affected (VEX)");
    expect(e.result_summary).toContain("osv Debian (2026-11-20)");
    expect(e.result_summary).toContain("nvd nvdcve-2.0-2023");
    const links = await t.db
      .selectFrom("evidence_links")
      .innerJoin("criterion_results", "criterion_results.id", "evidence_links.result_id")
      .select("criterion_results.criterion_id")
      .where("evidence_links.evidence_id", "=", evidenceId)
      .execute();
    expect(links.map((l) => l.criterion_id)).toEqual(["S1.1-13"]);
  });

  it("blocks readiness on unresolved findings at or above the threshold; VEX statements clear them", async () => {
    const blockers = async () => {
      const a = (
        await t.db
          .selectFrom("assessments")
          .select("id")
          .where("product_id", "=", productId)
          .executeTakeFirstOrThrow()
      ).id;
      return (await getAssessment(deps, ctx, a)).readiness.blockers.filter(
        (b) => b.code === "UNRESOLVED_VULNERABILITY",
      );
    };
    // The latest release (by date) is 1.0.0, the vulnerable one.
    expect((await blockers()).map((b) => b.criterionId)).toEqual(["S1.1-13"]);
    const view = await releaseFindings(deps, ctx, vulnerable);
    const blocking = view.findings.filter((f) => f.blocking);
    clock = new Date("2026-11-26T01:00:00Z");
    for (const f of blocking) {
      await setVexStatement(deps, ctx, vulnerable, {
        vulnId: f.aliases[0] ?? f.vulnId,
        componentKey: f.componentKey,
        justification: "code_not_reachable",
        detail: "The vulnerable function is not compiled into the firmware.",
      });
    }
    const after = await releaseFindings(deps, ctx, vulnerable);
    expect(after.counts).toMatchObject({ notAffected: 3, blocking: 0 });
    const cleared = after.findings.find((f) => f.componentName === "log4j-core");
    expect(cleared?.statement).toMatchObject({
      justification: "code_not_reachable",
      createdAt: "2026-11-26T01:00:00.000Z",
    });
    expect(await blockers()).toEqual([]);
    // A stale version is refused; withdrawing brings the blocker back.
    const st = cleared?.statement;
    const stale = setVexStatement(deps, ctx, vulnerable, {
      vulnId: st?.vulnId,
      componentKey: st?.componentKey,
      justification: "code_not_present",
      detail: "x",
      version: 0,
    });
    expect((await errorOf(stale)).code).toBe("VERSION_CONFLICT");
    await deleteVexStatement(deps, ctx, st?.id as string);
    expect((await blockers()).length).toBe(1);
    // A new scan files the justifications with the findings (who, when, why).
    const rescan = await scanRelease(deps, ctx, vulnerable);
    expect(rescan.report.counts.notAffected).toBe(2);
    const withVex = rescan.report.findings.find((f) => f.componentName === "semver") as {
      vex?: { justification: string };
    };
    expect(withVex.vex).toMatchObject({ justification: "code_not_reachable" });
    // A stricter policy: only critical blocks; medium findings never do.
    await setVulnPolicy(deps, ctx, { minSeverity: "critical", unknownBlocks: false, version: 0 });
    expect((await releaseFindings(deps, ctx, vulnerable)).counts.blocking).toBe(1);
    await setVulnPolicy(deps, ctx, { minSeverity: "high", unknownBlocks: true, version: 1 });
  });

  it("exports CycloneDX with VEX statements and diffs two releases", async () => {
    const bom = JSON.parse(await exportCycloneDx(deps, ctx, vulnerable, { vex: true }));
    expect(bom).toMatchObject({ bomFormat: "CycloneDX", specVersion: "1.6" });
    expect(bom.components).toHaveLength(5);
    expect(bom.components.find((c: { name: string }) => c.name === "log4j-core")).toMatchObject({
      purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
      licenses: [{ license: { id: "Apache-2.0" } }],
      supplier: { name: "Upstream" },
    });
    expect(bom.vulnerabilities).toHaveLength(2);
    expect(bom.vulnerabilities[0].analysis).toMatchObject({
      state: "not_affected",
      justification: "code_not_reachable",
    });
    const diff = await diffReleases(deps, ctx, vulnerable, fixed);
    expect(diff.added.map((c) => c.name)).toEqual(["zlib"]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed.map((c) => [c.name, c.direction])).toEqual(
      expect.arrayContaining([
        ["openssl", "upgrade"],
        ["log4j-core", "upgrade"],
        ["requests", "upgrade"],
        ["semver", "upgrade"],
        ["busybox", "unknown"],
      ]),
    );
  });

  it("refuses hostile and malformed advisory data with a clear error and writes nothing", async () => {
    const before = await counts();
    const refuse = async (promise: Promise<unknown>, text: string | RegExp) => {
      const e = await errorOf(promise);
      expect(e.code).toBe("VULN_DATA_REFUSED");
      expect(e.message).toMatch(text);
      expect(await counts()).toEqual(before);
    };
    const bomb = await writeZip(join(dir.path, "bomb.zip"), { "A-1.json": Buffer.alloc(24 * 1024 * 1024) });
    await refuse(importOsvZip(deps, ctx.actor, bomb), /zip bomb/);
    // yazl refuses to write "../" names: write "zz/" and patch the bytes (local header and central directory).
    const trav = await writeZip(join(dir.path, "trav.zip"), {
      "zz/evil.json": OSV_RECORDS["GHSA-c2qf-rxjj-qqgw.json"],
    });
    const bytes = readFileSync(trav);
    for (let i = bytes.indexOf("zz/evil.json"); i >= 0; i = bytes.indexOf("zz/evil.json", i + 1))
      bytes.write("../", i);
    writeFileSync(trav, bytes);
    const traversal = trav;
    await refuse(importOsvZip(deps, ctx.actor, traversal), /invalid relative path: \.\.\/evil\.json/);
    const folder = await writeZip(join(dir.path, "dir.zip"), {
      "dir/A-3.json": OSV_RECORDS["GHSA-c2qf-rxjj-qqgw.json"],
    });
    await refuse(importOsvZip(deps, ctx.actor, folder), /unexpected entry name/);
    const badJson = await writeZip(join(dir.path, "bad.zip"), { ...OSV_RECORDS, "X-1.json": "{not json" });
    await refuse(importOsvZip(deps, ctx.actor, badJson), /X-1.json is not valid JSON/);
    const notOsv = await writeZip(join(dir.path, "notosv.zip"), { "X-2.json": '{"hello":1}' });
    await refuse(importOsvZip(deps, ctx.actor, notOsv), /not an OSV record/);
    const huge = await writeZip(join(dir.path, "huge.zip"), { "A-2.json": Buffer.alloc(2048, 32) });
    await refuse(
      importOsvZip(deps, ctx.actor, huge, { limits: { ...OSV_LIMITS, maxEntryBytes: 1024 } }),
      /too large/,
    );
    writeFileSync(join(dir.path, "not.zip"), "plain text");
    await refuse(importOsvZip(deps, ctx.actor, join(dir.path, "not.zip")), /not a readable ZIP/);
    // NVD: truncated, gzip bomb, wrong format, bad element.
    const full = gzipSync(nvdFeed());
    writeFileSync(join(dir.path, "trunc.json.gz"), full.subarray(0, full.length - 20));
    await refuse(importNvdFeed(deps, ctx.actor, join(dir.path, "trunc.json.gz")), /unexpected end|truncated/);
    writeFileSync(join(dir.path, "bomb.json.gz"), gzipSync(Buffer.alloc(8 * 1024 * 1024, 32)));
    await refuse(
      importNvdFeed(deps, ctx.actor, join(dir.path, "bomb.json.gz"), { maxBytes: 1024 * 1024 }),
      /gzip bomb/,
    );
    writeFileSync(
      join(dir.path, "other.json"),
      JSON.stringify({ vulnerabilities: [{ cve: { id: "CVE-2020-1" } }] }),
    );
    await refuse(
      importNvdFeed(deps, ctx.actor, join(dir.path, "other.json")),
      /not an NVD CVE JSON 2.0 feed/,
    );
    writeNvdGz(dir.path, "badcve.json.gz", nvdFeed([{ cve: { id: "not-a-cve" } }]));
    await refuse(importNvdFeed(deps, ctx.actor, join(dir.path, "badcve.json.gz")), /vulnerabilities\[3\]/);
  });

  it("refuses malformed or hostile SBOMs and keeps the release's components", async () => {
    const before = (
      await t.db.selectFrom("components").select("id").where("release_id", "=", vulnerable).execute()
    ).length;
    const refuse = async (body: string, text: RegExp) => {
      const e = await errorOf(importSbom(deps, ctx, vulnerable, Buffer.from(body)));
      expect(e.code).toBe("SBOM_REFUSED");
      expect(e.message).toMatch(text);
    };
    await refuse("{bad json", /bad JSON/);
    await refuse(
      JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.2", components: [] }),
      /1\.2 is not supported/,
    );
    await refuse(
      JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", components: [{ version: "1" }] }),
      /no name/,
    );
    await refuse(
      '<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component type="library"><name>&b;</name></component></components></bom>',
      /DOCTYPE/,
    );
    await refuse('<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component>', /malformed XML/);
    await refuse(JSON.stringify({ spdxVersion: "SPDX-2.2", packages: [] }), /SPDX-2.3/);
    await refuse("just text", /neither JSON nor XML/);
    expect(
      (await t.db.selectFrom("components").select("id").where("release_id", "=", vulnerable).execute())
        .length,
    ).toBe(before);
  });

  it("reads CycloneDX XML and SPDX 2.3 JSON", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1">
  <components>
    <component type="library" bom-ref="a">
      <supplier><name>The OpenSSL Project</name></supplier>
      <name>openssl</name><version>3.0.11-1~deb12u2</version>
      <licenses><license><id>Apache-2.0</id></license></licenses>
      <purl>pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12</purl>
      <components><component type="library"><name>libcrypto</name><version>3.0.11</version></component></components>
    </component>
  </components>
</bom>`;
    const x = await importSbom(deps, ctx, fixed, Buffer.from(xml), "bom.xml");
    expect(x).toMatchObject({ format: "cyclonedx-xml", specVersion: "1.4", components: 2 });
    const spdx = JSON.stringify({
      spdxVersion: "SPDX-2.3",
      SPDXID: "SPDXRef-DOCUMENT",
      packages: [
        {
          SPDXID: "SPDXRef-requests",
          name: "requests",
          versionInfo: "2.30.0",
          supplier: "Organization: Python Software Foundation (x@example.org)",
          licenseConcluded: "Apache-2.0",
          externalRefs: [
            {
              referenceCategory: "PACKAGE-MANAGER",
              referenceType: "purl",
              referenceLocator: "pkg:pypi/requests@2.30.0",
            },
          ],
        },
      ],
    });
    const s = await importSbom(deps, ctx, fixed, Buffer.from(spdx), "sbom.spdx.json");
    expect(s).toMatchObject({ format: "spdx-json", specVersion: "2.3", components: 1 });
    const rows = await t.db.selectFrom("components").selectAll().where("release_id", "=", fixed).execute();
    expect(rows.map((r) => [r.name, r.supplier, r.license, r.ecosystem, r.package])).toEqual([
      ["requests", "Python Software Foundation", "Apache-2.0", "pypi", "requests"],
    ]);
  });

  it("keeps SBOMs, advisory data, findings and VEX statements in a backup that restores into an empty instance", async () => {
    const out = join(dir.path, "backup.zip");
    const dialectName = dialect === "postgres" ? "postgres" : "sqlite";
    await writeBackup(t.db, dialectName, dir.path, { root: dir.path }, out);
    const target = await openTestDb(dialect);
    try {
      const restoreDir = tempDir("jcstar-vuln-restore-");
      await restoreBackup(target.db, restoreDir.path, { root: restoreDir.path }, out);
      for (const table of [
        "sbom_imports",
        "vuln_sources",
        "vuln_advisories",
        "vuln_affected",
        "vuln_findings",
        "vex_statements",
      ] as const) {
        const a = (await t.db.selectFrom(table).selectAll().execute()).length;
        const b = (await target.db.selectFrom(table).selectAll().execute()).length;
        expect(b, table).toBe(a);
        expect(a, table).toBeGreaterThan(0);
      }
      const restored = await releaseFindings({ db: target.db }, ctx, vulnerable);
      expect(restored.counts).toEqual((await releaseFindings(deps, ctx, vulnerable)).counts);
      restoreDir.cleanup();
    } finally {
      await target.dispose();
    }
  });
});
