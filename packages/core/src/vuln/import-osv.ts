import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { pipeline } from "node:stream/promises";
import { checkZipStructure, eachZipEntryBytes, type ZipLimits, type ZipSource } from "../bundle/zip-read.ts";
import type { CoreDeps } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";
import { type AdvisoryRow, osvAdvisory, osvRecordSchema } from "./osv-parse.ts";
import { replaceSource } from "./store-advisories.ts";

/** Limits for an OSV ecosystem dump (all.zip: one JSON file per advisory). */
export const OSV_LIMITS: ZipLimits = {
  maxEntries: 1_000_000,
  maxEntryBytes: 32 * 1024 * 1024,
  maxTotalBytes: 16 * 1024 ** 3,
  maxRatio: 200,
};

/** Dumps up to this size are read into memory first. */
const IN_MEMORY_BYTES = 1024 ** 3;

/** An OSV dump holds flat `<ID>.json` files: anything else (folders, traversal) is refused. */
export const osvEntryName = (name: string) => /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,200}\.json$/.test(name);

export function refuse(reason: string, problems: string[] = []): AppError {
  return new AppError(
    "VULN_DATA_REFUSED",
    { reason },
    problems.slice(0, 50).map((p) => ({ path: "file", message: { ja: p, en: p } })),
  );
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}

/**
 * Imports an OSV ecosystem dump (`all.zip` as OSV publishes it per ecosystem). The archive's structure is checked
 * first with the bundle's ZIP guard (names, links, sizes, compression ratio); then every record is read and
 * validated; only when all of them are good is the data stored, replacing the earlier import of the same
 * ecosystem(s). A bad archive or a bad record refuses the whole file and writes nothing.
 */
export async function importOsvZip(
  deps: Pick<CoreDeps, "db" | "now">,
  actor: { id: string | null },
  zipPath: string,
  options: { fileName?: string; limits?: ZipLimits } = {},
) {
  const limits = options.limits ?? OSV_LIMITS;
  // An OSV dump is tens of thousands of small files: read from memory, the ZIP guard and the reader are ~10× faster.
  const source: ZipSource = statSync(zipPath).size <= IN_MEMORY_BYTES ? await readFile(zipPath) : zipPath;
  const problems: string[] = [];
  let entries: Awaited<ReturnType<typeof checkZipStructure>>;
  try {
    entries = await checkZipStructure(source, limits, problems, osvEntryName);
  } catch (error) {
    throw refuse(`not a readable ZIP archive (${(error as Error).message})`);
  }
  if (problems.length > 0) throw refuse(problems[0] as string, problems);
  if (entries.length === 0) throw refuse("the archive holds no advisory");
  const advisories: AdvisoryRow[] = [];
  const ecosystems = new Map<string, number>();
  try {
    await eachZipEntryBytes(source, osvEntryName, limits.maxEntryBytes, (name, bytes) => {
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString("utf8"));
      } catch {
        throw refuse(`${name} is not valid JSON`);
      }
      const parsed = osvRecordSchema.safeParse(json);
      if (!parsed.success)
        throw refuse(`${name} is not an OSV record (${parsed.error.issues[0]?.message ?? ""})`);
      const row = osvAdvisory(parsed.data);
      if (!row) return;
      for (const a of parsed.data.affected ?? []) {
        const base = a.package.ecosystem.split(":")[0] ?? "";
        ecosystems.set(base, (ecosystems.get(base) ?? 0) + 1);
      }
      advisories.push(row);
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refuse((error as Error).message);
  }
  // The dump's ecosystem: the one most records name (a GHSA record may also name others).
  const name = [...ecosystems.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "OSV";
  return replaceSource(
    deps,
    actor,
    { kind: "osv", name, fileName: options.fileName ?? basename(zipPath), sha256: await sha256File(zipPath) },
    advisories,
  );
}
