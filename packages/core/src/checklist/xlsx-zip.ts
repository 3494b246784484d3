import type { Entry } from "yauzl";
import { AppError } from "../errors/app-error.ts";

/** One part of an xlsx package, uncompressed, with how it was stored. */
export type ZipPart = { name: string; data: Buffer; deflate: boolean; mtime: Date };

/** Limits for an uploaded workbook (a checklist is small; a bomb is refused). */
export const WORKBOOK_LIMITS = { maxEntries: 2000, maxTotalBytes: 200 * 1024 * 1024, maxRatio: 200 };

const invalid = (reason: string) => new AppError("INVALID_WORKBOOK", { reason });

/** Reads every part of an xlsx (a ZIP) into memory, in archive order. */
export async function readZipParts(buffer: Buffer, limits = WORKBOOK_LIMITS): Promise<ZipPart[]> {
  const { default: yauzl } = await import("yauzl");
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: true },
      (err, zip) => {
        if (err || !zip) return reject(invalid(err?.message ?? "not a ZIP"));
        const parts: ZipPart[] = [];
        let total = 0;
        zip.on("error", (e: Error) => reject(invalid(e.message)));
        zip.on("end", () => resolve(parts));
        zip.on("entry", (entry: Entry) => {
          total += entry.uncompressedSize;
          if (parts.length >= limits.maxEntries) return reject(invalid("too many parts"));
          if (total > limits.maxTotalBytes) return reject(invalid("too large when unpacked"));
          if (entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > limits.maxRatio)
            return reject(invalid("suspicious compression ratio"));
          zip.openReadStream(entry, (e, stream) => {
            if (e || !stream) return reject(invalid(e?.message ?? "unreadable part"));
            const chunks: Buffer[] = [];
            stream.on("data", (c: Buffer) => chunks.push(c));
            stream.on("error", (se: Error) => reject(invalid(se.message)));
            stream.on("end", () => {
              parts.push({
                name: entry.fileName,
                data: Buffer.concat(chunks),
                deflate: entry.compressionMethod !== 0,
                mtime: entry.getLastModDate(),
              });
              zip.readEntry();
            });
          });
        });
        zip.readEntry();
      },
    );
  });
}

/** Writes parts back to a ZIP in the same order and with the same storage method. */
export async function writeZipParts(parts: readonly ZipPart[]): Promise<Buffer> {
  const { default: yazl } = await import("yazl");
  const zip = new yazl.ZipFile();
  for (const p of parts) {
    // Folder entries (some writers add them) stay folder entries.
    if (p.name.endsWith("/")) zip.addEmptyDirectory(p.name.slice(0, -1), { mtime: p.mtime });
    else zip.addBuffer(p.data, p.name, { compress: p.deflate, mtime: p.mtime });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}
