import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.ts";
import { CatalogLoadError, criterionFingerprint, loadCatalog } from "./load-catalog.ts";

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
    expect(catalog.criterion(v.version, "S1.1-13").crosswalk.etsiEn303645).toEqual(["5.6-1", "5.6-2"]);
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
