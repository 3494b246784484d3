import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  createAssessment,
  createDb,
  createFirmwareRelease,
  createOrganisation,
  createProduct,
  loadCatalog,
  migrateToLatest,
} from "@jcstar/core";
import {
  cycloneDxSbom,
  OSV_RECORDS,
  VULNERABLE_RELEASE,
  writeNvdGz,
  writeZip,
} from "@jcstar/core/vuln/test-dumps";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";

const BIN = resolve(import.meta.dirname, "../bin/jcstar.js");

describe("jcstar sbom / vuln on the command line", () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());
  const data = join(dir.path, "data");
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args, "--data", data], {
      encoding: "utf8",
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "DATABASE_URL")),
      timeout: 120_000,
    });

  it("imports OSV and NVD dumps and an SBOM, scans the release and writes the findings as JSON", async () => {
    const handle = await createDb({ dataDir: data });
    await migrateToLatest(handle.db);
    const now = () => new Date();
    const deps = { db: handle.db, catalog: loadCatalog(), now };
    const ctx = {
      orgId: (await createOrganisation(handle.db, "Maker", now())).id,
      actor: { id: null, name: "t" },
      lang: "ja" as const,
    };
    const product = await createProduct(deps, ctx, { name: "Router", category: "router" });
    await createAssessment(deps, ctx, product.id);
    await createFirmwareRelease(deps, ctx, product.id, { version: "2.0.1", releasedOn: "2026-11-01" });
    await handle.close();

    const zip = await writeZip(join(dir.path, "all.zip"), OSV_RECORDS);
    const osv = cli(["vuln", "import-osv", zip]);
    expect(osv.stderr).toBe("");
    expect(osv.stdout).toContain("4 advisories");
    expect(cli(["vuln", "import-nvd", writeNvdGz(dir.path)]).stdout).toContain("2 CVEs");
    const sbomFile = join(dir.path, "bom.cdx.json");
    writeFileSync(sbomFile, cycloneDxSbom(VULNERABLE_RELEASE));
    const sbom = cli(["sbom", "import", "--product", product.id, "--release", "2.0.1", sbomFile]);
    expect(sbom.stdout).toContain("cyclonedx-json 1.5: 5 components");

    const out = join(dir.path, "findings.json");
    const scan = cli(["vuln", "scan", "--product", product.id, "--release", "2.0.1", "--json", out]);
    expect(scan.status).toBe(1);
    expect(scan.stdout).toMatch(
      /NG critical +GHSA-jfh8-c2jp-5v3q log4j-core 2\.14\.1 fixed in 2\.3\.1, 2\.12\.2, 2\.15\.0/,
    );
    expect(scan.stdout).toContain("3 blocking");
    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(report.view.counts).toMatchObject({ total: 5, blocking: 3 });
    expect(report.scan.sources.map((s: { kind: string }) => s.kind)).toEqual(["nvd", "osv"]);

    const exported = join(dir.path, "export.cdx.json");
    expect(
      cli(["sbom", "export", "--product", product.id, "--release", "2.0.1", "--out", exported]).status,
    ).toBe(0);
    const bom = JSON.parse(readFileSync(exported, "utf8"));
    expect(bom).toMatchObject({ bomFormat: "CycloneDX", specVersion: "1.6" });
    expect(bom.components).toHaveLength(5);

    const bad = join(dir.path, "bad.zip");
    writeFileSync(bad, "not a zip");
    const refused = cli(["vuln", "import-osv", bad]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("not a readable ZIP archive");
  });
});
