import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { AppError } from "../errors/app-error.ts";
import { sniffMediaType } from "./sniff.ts";

/** Evidence files on disk by content hash: `blobs/ab/cd/<sha256>`, written to `tmp/` first, fsynced, renamed. */
export type BlobStore = { root: string };

export type StoredBlob = { sha256: string; size: number; mediaType: string; existed: boolean };

export function blobPath(store: BlobStore, sha256: string): string {
  return join(store.root, "blobs", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

function tmpDir(store: BlobStore): string {
  return join(store.root, "tmp");
}

/** Removes temp files left by a crash (they never have a name in blobs/ nor a row). Call at start. */
export function cleanTempFiles(store: BlobStore): number {
  const dir = tmpDir(store);
  if (!existsSync(dir)) return 0;
  const names = readdirSync(dir);
  for (const name of names) rmSync(join(dir, name), { force: true });
  return names.length;
}

/**
 * Streams a body to disk, hashing while it streams (never holding the whole file in memory).
 * A body larger than `maxBytes` is refused with PAYLOAD_TOO_LARGE and leaves nothing behind; so does any
 * I/O error. The blob gets its name only after the data is fsynced, so a crash never leaves a half file
 * behind a hash name. An existing blob with the same hash is kept (dedupe).
 */
export async function putBlob(
  store: BlobStore,
  body: AsyncIterable<Uint8Array> | Readable,
  maxBytes: number,
): Promise<StoredBlob> {
  mkdirSync(tmpDir(store), { recursive: true });
  const tmp = join(tmpDir(store), `${Date.now()}-${randomBytes(8).toString("hex")}.part`);
  const handle = await open(tmp, "wx", 0o640);
  // Writes go to the thread pool while the next chunks are hashed: the disk and the hash work at the same time.
  const out = handle.createWriteStream({ highWaterMark: 4 * 1024 * 1024, autoClose: false });
  const hash = createHash("sha256");
  let size = 0;
  const head: Buffer[] = [];
  let headSize = 0;
  try {
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", { limit: maxBytes });
      hash.update(chunk);
      if (headSize < 4096) {
        head.push(Buffer.from(chunk.subarray(0, 4096 - headSize)));
        headSize += Math.min(chunk.byteLength, 4096 - headSize);
      }
      if (!out.write(chunk)) await once(out, "drain");
    }
    // Wait for 'finish' (all data handed to the file), not 'close': the handle stays open for the fsync below.
    await new Promise<void>((resolve, reject) => {
      out.once("error", reject);
      out.end(() => resolve());
    });
    await handle.sync();
    // The stream holds the handle until it is destroyed (it does not close it: autoClose is off).
    out.destroy();
    await handle.close();
  } catch (error) {
    // A write still queued fails once the stream is destroyed: keep that from becoming an unhandled 'error'.
    out.on("error", () => {});
    out.destroy();
    await handle.close().catch(() => {});
    rmSync(tmp, { force: true });
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    if (code === "ENOSPC" || code === "EDQUOT") {
      throw new AppError("STORAGE_FULL", {}, [], { cause: error });
    }
    throw error;
  }
  const sha256 = hash.digest("hex");
  const target = blobPath(store, sha256);
  const existed = existsSync(target);
  if (existed) rmSync(tmp, { force: true });
  else {
    mkdirSync(join(target, ".."), { recursive: true });
    renameSync(tmp, target);
    const dir = await open(join(target, ".."), "r");
    await dir.sync().finally(() => dir.close());
  }
  return { sha256, size, mediaType: sniffMediaType(Buffer.concat(head)), existed };
}

export function readBlob(store: BlobStore, sha256: string): Readable {
  return createReadStream(blobPath(store, sha256));
}

/** Re-hashes a stored blob: "ok", "missing", or "mismatch" (content or size changed). */
export async function checkBlob(
  store: BlobStore,
  sha256: string,
  size: number,
): Promise<"ok" | "missing" | "mismatch"> {
  const path = blobPath(store, sha256);
  if (!existsSync(path)) return "missing";
  if (statSync(path).size !== size) return "mismatch";
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex") === sha256 ? "ok" : "mismatch";
}

export function removeBlobFile(store: BlobStore, sha256: string): void {
  rmSync(blobPath(store, sha256), { force: true });
}
