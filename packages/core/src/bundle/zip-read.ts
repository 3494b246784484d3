import type { Readable } from "node:stream";
import { crc32, inflateRawSync } from "node:zlib";
import type { Entry, ZipFile, ZipFileOptions } from "yauzl";

export type ZipEntryInfo = {
  name: string;
  size: number;
  compressedSize: number;
  isSymlink: boolean;
  isDir: boolean;
};

/** Limits that keep a hostile archive from filling the disk or memory. */
export type ZipLimits = {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxRatio: number;
};
export const BUNDLE_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxEntryBytes: 4 * 1024 ** 3,
  maxTotalBytes: 64 * 1024 ** 3,
  maxRatio: 200,
};

/** A ZIP on disk, or already in memory (much faster for archives of many small entries). */
export type ZipSource = string | Buffer;

async function open(source: ZipSource): Promise<ZipFile> {
  const { default: yauzl } = await import("yauzl");
  const options = { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true };
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip?: ZipFile) =>
      err || !zip ? reject(err ?? new Error("cannot open")) : resolve(zip);
    if (typeof source === "string") yauzl.open(source, options, done);
    else yauzl.fromBuffer(source, options, done);
  });
}

/**
 * Checks an archive's structure before reading any content: names (the caller's rule; refuse traversal there),
 * links, sizes, ratios (zip bombs), duplicates. Adds every problem to `problems`; returns the entries.
 */
export async function checkZipStructure(
  path: ZipSource,
  limits: ZipLimits,
  problems: string[],
  allowedName: (name: string) => boolean,
) {
  const entries = await listZip(path);
  if (entries.length > limits.maxEntries) problems.push(`too many entries (${entries.length})`);
  const seen = new Set<string>();
  let total = 0;
  for (const e of entries) {
    if (seen.has(e.name)) problems.push(`duplicate entry ${e.name}`);
    seen.add(e.name);
    if (e.isSymlink) problems.push(`link entry refused: ${e.name}`);
    else if (!allowedName(e.name))
      problems.push(`unexpected entry name (path traversal or unknown file): ${e.name}`);
    if (e.size > limits.maxEntryBytes) problems.push(`entry too large: ${e.name} (${e.size} bytes)`);
    if (e.compressedSize > 0 && e.size / e.compressedSize > limits.maxRatio && e.size > 10 * 1024 * 1024) {
      problems.push(`suspicious compression ratio (zip bomb?): ${e.name}`);
    }
    total += e.size;
  }
  if (total > limits.maxTotalBytes) problems.push(`archive expands to ${total} bytes, over the limit`);
  return entries;
}

/** Lists the entries of a ZIP without extracting anything. */
export async function listZip(path: ZipSource): Promise<ZipEntryInfo[]> {
  const zip = await open(path);
  try {
    return await new Promise<ZipEntryInfo[]>((resolve, reject) => {
      const out: ZipEntryInfo[] = [];
      zip.on("entry", (entry: Entry) => {
        const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
        out.push({
          name: entry.fileName,
          size: entry.uncompressedSize,
          compressedSize: entry.compressedSize,
          isSymlink: mode === 0o120000,
          isDir: entry.fileName.endsWith("/"),
        });
        zip.readEntry();
      });
      zip.on("end", () => resolve(out));
      zip.on("error", reject);
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/** Calls `fn` with a stream of each wanted entry, one at a time (the stream must be consumed). */
export async function eachZipEntry(
  path: ZipSource,
  wanted: (name: string) => boolean,
  fn: (name: string, stream: Readable) => Promise<void>,
): Promise<void> {
  const zip = await open(path);
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: Entry) => {
        if (!wanted(entry.fileName)) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) {
            reject(err ?? new Error("cannot read entry"));
            return;
          }
          fn(entry.fileName, stream).then(() => zip.readEntry(), reject);
        });
      });
      zip.on("end", () => resolve());
      zip.on("error", reject);
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

export async function readAll(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > max) throw new Error(`entry larger than ${max} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Like eachZipEntry, for archives of many small entries (an OSV dump): each wanted entry is read raw and inflated
 * synchronously (no stream per entry: about 3× faster), at most `maxBytes` per entry, and checked against the
 * size and CRC-32 the archive declares. Only stored and deflated entries are accepted.
 */
export async function eachZipEntryBytes(
  source: ZipSource,
  wanted: (name: string) => boolean,
  maxBytes: number,
  fn: (name: string, bytes: Buffer) => Promise<void> | void,
): Promise<void> {
  const zip = await open(source);
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: Entry) => {
        if (!wanted(entry.fileName)) {
          zip.readEntry();
          return;
        }
        if (entry.uncompressedSize > maxBytes) {
          reject(new Error(`entry larger than ${maxBytes} bytes: ${entry.fileName}`));
          return;
        }
        if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
          reject(new Error(`unsupported compression method ${entry.compressionMethod}: ${entry.fileName}`));
          return;
        }
        zip.openReadStream(entry, { decompress: false } as ZipFileOptions, (err, stream) => {
          if (err || !stream) {
            reject(err ?? new Error("cannot read entry"));
            return;
          }
          readAll(stream, entry.compressedSize + 1024)
            .then(async (raw) => {
              const bytes =
                entry.compressionMethod === 8
                  ? inflateRawSync(raw, { maxOutputLength: Math.max(1, maxBytes) })
                  : raw;
              if (bytes.length !== entry.uncompressedSize || crc32(bytes) !== entry.crc32)
                throw new Error(`entry does not match its declared size and CRC: ${entry.fileName}`);
              await fn(entry.fileName, bytes);
              zip.readEntry();
            })
            .catch(reject);
        });
      });
      zip.on("end", () => resolve());
      zip.on("error", reject);
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}
