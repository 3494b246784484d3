import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.ts";
import {
  BUILTIN_CATALOG_DIR,
  CatalogLoadError,
  criterionFingerprint,
  loadCatalog,
  parseCatalogVersion,
} from "./load-catalog.ts";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "test-fixtures");

describe("criteria catalog", () => {
  it("ships ★1 2025.05.05 with the 16 criteria in order, bilingual, with methods and crosswalks", () => {
    const catalog = loadCatalog();
    const v = catalog.latest(1);
    expect(v.version).toBe("star1-2025.05.05");
    expect(v.criteria.map((c) => c.id)).toEqual(
      Array.from({ length: 16 }, (_, i) => `S1.1-${String(i + 1).padStart(2, "0")}`),
    );
    for (const c of v.criteria) {
      expect(c.title.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(c.title.en).toMatch(/[A-Za-z]/);
    }
    const method = Object.fromEntries(v.criteria.map((c) => [c.id, c.method]));
    expect(method["S1.1-04"]).toBe("device");
    expect(method["S1.1-13"]).toBe("both");
    expect(method["S1.1-15"]).toBe("both");
    expect(method["S1.1-05"]).toBe("document");
    const psti = v.criteria.filter((c) => c.crosswalk.ukPstiDeemedMet).map((c) => c.id);
    expect(psti).toEqual(["S1.1-02", "S1.1-05", "S1.1-16"]);
    const naPossible = v.criteria.filter((c) => c.notApplicable).map((c) => c.id);
    expect(naPossible).toEqual(["S1.1-01", "S1.1-02", "S1.1-03", "S1.1-04", "S1.1-08", "S1.1-12", "S1.1-15"]);
  });

  it("crosswalks to EN 303 645 V2.1.1 provision by provision (our mapping, with its source and notice)", () => {
    const v = loadCatalog().latest(1);
    const rows = (id: string) =>
      v.criteria.find((c) => c.id === id)?.crosswalk.etsiEn303645.map((r) => r.provision);
    expect(rows("S1.1-16")).toEqual(["5.3-13", "5.12-2", "5.11-3"]);
    expect(rows("S1.1-08")).toEqual(["5.3-10", "5.3-7", "5.3-9"]);
    expect(rows("S1.1-14")).toEqual(["5.9-2"]);
    expect(rows("S1.1-13")).toEqual(["5.6-1", "5.6-3", "5.6-4"]);
    expect(rows("S1.1-07")).toEqual(["5.3-3"]);
    for (const c of v.criteria) {
      expect(c.crosswalk.etsiEn303645.some((r) => r.provision.startsWith("5.8"))).toBe(false);
      if (c.crosswalk.etsiEn303645.length > 0)
        expect(c.crosswalk.sources).toEqual(["etsi-en-303-645-v2.1.1"]);
    }
    expect(v.sources["etsi-en-303-645-v2.1.1"]?.confidence).not.toBe("official");
    expect(v.crosswalkNotice.en).toContain("not an official");
  });

  it("names the criteria document by its ID beside the checklist version, and fixes S1.1-15 and S1.1-01", () => {
    const v = loadCatalog().latest(1);
    expect(v.source.criteriaDocument).toMatchObject({ documentId: "JST-CR-01-01-2024R1", date: "2024-12" });
    const c15 = v.criteria.find((c) => c.id === "S1.1-15");
    expect(c15?.summary.ja).toContain("ログ");
    expect(c15?.summary.en).toContain("logs the device has collected");
    const hint = v.criteria.find((c) => c.id === "S1.1-01")?.evidence.hints;
    expect(hint?.en).toContain("Telecommunications Business Act");
    expect(hint?.en).toContain("no source");
    expect(hint?.ja).toContain("電気通信事業法");
  });

  it("refuses a criterion fact without a known source, and N/A without its source", () => {
    const text = readFileSync(join(BUILTIN_CATALOG_DIR, "star1-2025.05.05.json"), "utf8");
    const unknown = JSON.parse(text);
    unknown.criteria[0].sources.requirement = ["nowhere"];
    expect(() => parseCatalogVersion("x.json", JSON.stringify(unknown))).toThrow(
      /requirement: unknown source "nowhere"/,
    );
    const noNa = JSON.parse(text);
    delete noNa.criteria[0].sources.notApplicable;
    expect(() => parseCatalogVersion("x.json", JSON.stringify(noNa))).toThrow(
      /notApplicable: needed exactly/,
    );
    const missing = JSON.parse(text);
    delete missing.criteria[1].sources;
    expect(() => parseCatalogVersion("x.json", JSON.stringify(missing))).toThrow(CatalogLoadError);
    const local = JSON.parse(text);
    local.sources["seed-article"].url = "/work/shared/reference/jc-star-star1.md";
    expect(() => parseCatalogVersion("x.json", JSON.stringify(local))).toThrow(/https URL|Invalid/);
  });

  it("adds a checklist version from a data file alone, and the newest becomes latest", () => {
    const catalog = loadCatalog([FIXTURES]);
    expect(catalog.versions.map((v) => v.version)).toEqual(["star1-2025.05.05", "star1-2099.01.01"]);
    expect(catalog.latest(1).version).toBe("star1-2099.01.01");
    expect(catalog.get("star1-2099.01.01").criteria).toHaveLength(17);
  });

  it("fingerprints only what a criterion demands", () => {
    const catalog = loadCatalog([FIXTURES]);
    const fp = (version: string, id: string) => criterionFingerprint(catalog.criterion(version, id));
    expect(fp("star1-2025.05.05", "S1.1-01")).toBe(fp("star1-2099.01.01", "S1.1-01"));
    expect(fp("star1-2025.05.05", "S1.1-04")).not.toBe(fp("star1-2099.01.01", "S1.1-04"));
  });

  it("rejects an invalid data file naming the file and the key", () => {
    const dir = mkdtempSync(join(tmpdir(), "jcstar-cat-"));
    const file = join(dir, "broken.json");
    writeFileSync(file, JSON.stringify({ version: "star1-x", level: 1, title: { ja: "x" }, criteria: [] }));
    let error: unknown;
    try {
      loadCatalog([dir]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogLoadError);
    expect(String((error as Error).message)).toContain(file);
    expect(String((error as Error).message)).toContain("title.en");
    writeFileSync(file, "{ not json");
    expect(() => loadCatalog([dir])).toThrow(/not JSON/);
  });

  it("answers unknown versions and criteria with coded errors", () => {
    const catalog = loadCatalog();
    expect(() => catalog.get("star9")).toThrow(AppError);
    try {
      catalog.criterion("star1-2025.05.05", "S1.1-99");
    } catch (e) {
      expect((e as AppError).code).toBe("UNKNOWN_CRITERION");
      expect((e as AppError).status).toBe(404);
    }
    expect.assertions(3);
  });
});
