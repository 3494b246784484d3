import { createHash, randomBytes } from "node:crypto";
import { existsSync, promises as fs, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../secrets/atomic-write.ts";

/** One file of a static tree: where it goes and how to make its bytes (only called when needed). */
export type StaticFile = {
  /** Relative path inside the tree, `/`-separated (checked by {@link assertTreePath}). */
  path: string;
  render: () => Promise<string | Uint8Array>;
  /**
   * A fingerprint of what the bytes are made from, for files that are costly to make (PNG artwork) or change on
   * every making (a signature with a time): the same `source` as last time keeps the file without rendering it.
   */
  source?: string;
  /** With `source`: render anyway once the kept file is older than this. */
  maxAgeMs?: number;
};

export const TREE_MANIFEST = ".jcstar-export.json";
const TREE_LOCK = ".jcstar-export.lock";
/** A lock older than this is a dead export's (an export of 100,000 labels takes minutes, not an hour). */
const STALE_LOCK_MS = 60 * 60_000;

const manifestSchema = z.object({
  version: z.literal(1),
  files: z.record(
    z.string(),
    z.object({
      sha256: z.string(),
      size: z.number().int().min(0),
      source: z.string().optional(),
      writtenAt: z.string(),
    }),
  ),
});
export type TreeManifest = z.infer<typeof manifestSchema>;
export type TreeWriteResult = { written: string[]; deleted: string[]; unchanged: number };

/** A path inside the tree: plain segments only (no `..`, no absolute path, not the manifest or the lock). */
export function assertTreePath(path: string): void {
  const segments = path.split("/");
  const ok =
    path.length > 0 &&
    path.length <= 400 &&
    segments.every((s) => /^[A-Za-z0-9_.~-]+$/.test(s) && s !== "." && s !== "..") &&
    !segments.some((s) => s.startsWith(".jcstar-export") || s.includes(".tmp-"));
  if (!ok) throw new Error(`unsafe path in a static tree: ${JSON.stringify(path)}`);
}

/** The manifest of the last export into `dir` (an empty one when there is none or it cannot be read). */
export function readTreeManifest(dir: string): TreeManifest {
  const file = join(dir, TREE_MANIFEST);
  if (!existsSync(file)) return { version: 1, files: {} };
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : { version: 1, files: {} };
  } catch {
    return { version: 1, files: {} };
  }
}

async function lockTree(dir: string, signal?: AbortSignal): Promise<() => Promise<void>> {
  const lock = join(dir, TREE_LOCK);
  for (let attempt = 0; attempt < 3000; attempt++) {
    try {
      await fs.mkdir(lock);
      return () => fs.rm(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) await fs.rm(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 200));
      if (signal?.aborted) throw new Error("export aborted while waiting for the export lock");
    }
  }
  throw new Error(`another export holds ${lock} (for more than 10 minutes)`);
}

/** Writes one file readable by the web server: a temp file in the same folder, then rename (never half-written). */
async function writeOne(dir: string, path: string, bytes: Uint8Array): Promise<void> {
  const target = join(dir, path);
  await fs.mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${randomBytes(6).toString("hex")}`;
  await fs.writeFile(tmp, bytes, { mode: 0o644 });
  await fs.rename(tmp, target);
}

/**
 * Brings `dir` to exactly `files`, touching only what changed since the last call: a file whose bytes (or
 * `source`) are the same as in the manifest stays as it is (same mtime, so the web server's ETag stays); a changed
 * one is written to a temp file and renamed over the old one, in the order given (leaves first, so that a page
 * is never served before what it links); files of the last export that are not in `files` are deleted at the
 * end. The manifest (`.jcstar-export.json`, content hashes) is written last, atomically. One export at a time
 * per folder (a lock folder; a second export waits).
 */
export async function writeStaticTree(
  dir: string,
  files: Iterable<StaticFile> | AsyncIterable<StaticFile>,
  now: () => Date,
  signal?: AbortSignal,
): Promise<TreeWriteResult> {
  await fs.mkdir(dir, { recursive: true });
  const unlock = await lockTree(dir, signal);
  try {
    const previous = readTreeManifest(dir);
    const next: TreeManifest = { version: 1, files: {} };
    const written: string[] = [];
    let unchanged = 0;
    for await (const file of files) {
      if (signal?.aborted) throw new Error("export aborted");
      assertTreePath(file.path);
      if (next.files[file.path]) throw new Error(`a static tree lists ${file.path} twice`);
      const old = previous.files[file.path];
      const size = statSync(join(dir, file.path), { throwIfNoEntry: false })?.size;
      const present = old !== undefined && size === old.size;
      const young =
        file.maxAgeMs === undefined ||
        (old !== undefined && now().getTime() - Date.parse(old.writtenAt) < file.maxAgeMs);
      if (present && file.source !== undefined && old.source === file.source && young) {
        next.files[file.path] = old;
        unchanged += 1;
        continue;
      }
      const body = await file.render();
      const bytes = typeof body === "string" ? Buffer.from(body) : body;
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      const entry = { sha256, size: bytes.length, writtenAt: now().toISOString() };
      const withSource = file.source === undefined ? entry : { ...entry, source: file.source };
      if (present && old.sha256 === sha256) {
        next.files[file.path] = { ...withSource, writtenAt: old.writtenAt };
        unchanged += 1;
        continue;
      }
      await writeOne(dir, file.path, bytes);
      next.files[file.path] = withSource;
      written.push(file.path);
    }
    const deleted = Object.keys(previous.files).filter((path) => !next.files[path]);
    for (const path of deleted) await fs.rm(join(dir, path), { force: true });
    writeFileAtomic(join(dir, TREE_MANIFEST), `${JSON.stringify(next)}\n`, 0o644);
    return { written, deleted, unchanged };
  } finally {
    await unlock();
  }
}
