import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "../errors/app-error.ts";
import { unknownSourceKeys } from "../scheme/source-registry.ts";
import { type CatalogVersion, type Criterion, catalogVersionSchema } from "./criterion.ts";

/** The folder holding the checklist versions shipped with jcstar. */
export const BUILTIN_CATALOG_DIR = join(dirname(fileURLToPath(import.meta.url)), "data");

/** All loaded checklist versions. Versions sort by their publication date, then name. */
export type Catalog = {
  readonly versions: readonly CatalogVersion[];
  /** The newest version of the given ★ level (default 1). */
  latest(level?: number): CatalogVersion;
  /** A version by name, or UNKNOWN_CATALOG_VERSION. */
  get(version: string): CatalogVersion;
  has(version: string): boolean;
  /** A criterion of a version, or UNKNOWN_CRITERION. */
  criterion(version: string, criterionId: string): Criterion;
};

/** Thrown at start-up when a data file is not a valid checklist version: names the file and the key. */
export class CatalogLoadError extends Error {
  constructor(file: string, problems: string[]) {
    super(`invalid checklist data in ${file}:\n  ${problems.join("\n  ")}`);
    this.name = "CatalogLoadError";
  }
}

/** Every fact names known sources; N/A and the PSTI waiver have sources exactly when they exist. */
function sourceProblems(version: CatalogVersion): string[] {
  const known = (keys: readonly string[] | undefined, path: string) =>
    unknownSourceKeys(version.sources, keys ?? [], path);
  const problems = known(version.source.sources, "source.sources");
  for (const [index, c] of version.criteria.entries()) {
    const at = `criteria.${index}.sources`;
    problems.push(
      ...known(c.sources.requirement, `${at}.requirement`),
      ...known(c.sources.method, `${at}.method`),
      ...known(c.sources.notApplicable, `${at}.notApplicable`),
      ...known(c.sources.ukPstiDeemedMet, `${at}.ukPstiDeemedMet`),
      ...known(c.crosswalk.sources, `criteria.${index}.crosswalk.sources`),
    );
    if ((c.notApplicable !== null) !== (c.sources.notApplicable !== undefined))
      problems.push(`${at}.notApplicable: needed exactly when the criterion allows N/A`);
    if (c.crosswalk.ukPstiDeemedMet !== (c.sources.ukPstiDeemedMet !== undefined))
      problems.push(`${at}.ukPstiDeemedMet: needed exactly when the PSTI route deems it met`);
    if (c.crosswalk.etsiEn303645.length > 0 && !c.crosswalk.sources)
      problems.push(`criteria.${index}.crosswalk.sources: a crosswalk row needs a source`);
  }
  return problems;
}

function checkConsistency(version: CatalogVersion): string[] {
  const problems: string[] = [];
  const categories = new Set(version.categories.map((c) => c.id));
  const seen = new Set<string>();
  for (const [index, c] of version.criteria.entries()) {
    if (seen.has(c.id)) problems.push(`criteria.${index}.id: duplicate criterion ${c.id}`);
    seen.add(c.id);
    if (!categories.has(c.category))
      problems.push(`criteria.${index}.category: unknown category ${c.category}`);
    if (c.method !== "device" && !c.evidence.document?.length)
      problems.push(`criteria.${index}.evidence.document: method ${c.method} needs document evidence fields`);
    if (c.method !== "document" && !c.evidence.device?.length)
      problems.push(`criteria.${index}.evidence.device: method ${c.method} needs device evidence fields`);
  }
  return [...problems, ...sourceProblems(version)];
}

/** Parses and checks one checklist version; throws CatalogLoadError naming the file and key. */
export function parseCatalogVersion(file: string, text: string): CatalogVersion {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CatalogLoadError(file, [`not JSON: ${(error as Error).message}`]);
  }
  const result = catalogVersionSchema.safeParse(json);
  if (!result.success) {
    throw new CatalogLoadError(
      file,
      result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`),
    );
  }
  const problems = checkConsistency(result.data);
  if (problems.length > 0) throw new CatalogLoadError(file, problems);
  return result.data;
}

function listJsonFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new CatalogLoadError(dir, ["folder does not exist"]);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => join(dir, name));
}

/** Builds a catalog from already-parsed versions (no I/O). Duplicate version names are an error. */
export function createCatalog(versions: CatalogVersion[]): Catalog {
  const byName = new Map<string, CatalogVersion>();
  for (const v of versions) {
    if (byName.has(v.version)) throw new CatalogLoadError(v.version, ["the same version is defined twice"]);
    byName.set(v.version, v);
  }
  const sorted = [...byName.values()].sort(
    (a, b) => a.publishedOn.localeCompare(b.publishedOn) || a.version.localeCompare(b.version),
  );
  const get = (version: string): CatalogVersion => {
    const found = byName.get(version);
    if (!found) throw new AppError("UNKNOWN_CATALOG_VERSION", { version });
    return found;
  };
  return {
    versions: sorted,
    has: (version) => byName.has(version),
    get,
    latest(level = 1) {
      const candidates = sorted.filter((v) => v.level === level);
      const last = candidates[candidates.length - 1];
      if (!last) throw new AppError("UNKNOWN_CATALOG_VERSION", { version: `level ${level}` });
      return last;
    },
    criterion(version, criterionId) {
      const found = get(version).criteria.find((c) => c.id === criterionId);
      if (!found) throw new AppError("UNKNOWN_CRITERION", { criterionId, version });
      return found;
    },
  };
}

/**
 * Loads every `*.json` checklist version from the built-in folder and any extra folders.
 * A new checklist version is added by adding a data file: no code changes.
 */
export function loadCatalog(extraDirs: readonly string[] = [], includeBuiltin = true): Catalog {
  const dirs = includeBuiltin ? [BUILTIN_CATALOG_DIR, ...extraDirs] : [...extraDirs];
  const versions = dirs.flatMap((dir) =>
    listJsonFiles(dir).map((file) => parseCatalogVersion(file, readFileSync(file, "utf8"))),
  );
  return createCatalog(versions);
}

/**
 * A fingerprint of what a criterion demands (summary, N/A rule, method, evidence fields).
 * Two versions of a criterion with the same fingerprint mean the same requirement, so a
 * result can carry over unchanged when an assessment moves to a newer checklist.
 */
export function criterionFingerprint(criterion: Criterion): string {
  const normative = {
    summary: criterion.summary,
    notApplicable: criterion.notApplicable,
    method: criterion.method,
    document: criterion.evidence.document?.map((f) => [f.field, f.required]) ?? [],
    device: criterion.evidence.device?.map((f) => [f.field, f.required]) ?? [],
  };
  return createHash("sha256").update(JSON.stringify(normative)).digest("hex").slice(0, 16);
}
