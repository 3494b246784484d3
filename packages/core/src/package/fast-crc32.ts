import { createRequire } from "node:module";
import zlib from "node:zlib";

/**
 * yazl computes the CRC-32 of every entry with the pure-JavaScript `buffer-crc32` (about 80 MB/s on a loaded
 * machine: 6 s for a 500 MB package). Node ≥ 20.15 has zlib's native `crc32` (about 10× faster) with the same
 * result and the same continuation argument, so yazl's `crc32.unsigned` is pointed at it. Older Node keeps the
 * JavaScript one. Called once before a package is written; harmless for every other yazl user (same values).
 */
export function useNativeCrc32(): void {
  const native = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (!native) return;
  const yazlRequire = createRequire(createRequire(import.meta.url).resolve("yazl"));
  const crc32 = yazlRequire("buffer-crc32") as {
    unsigned: (buf: Uint8Array | string, previous?: number) => number;
  };
  if ((crc32.unsigned as { native?: boolean }).native) return;
  const unsigned = (buf: Uint8Array | string, previous?: number) =>
    native(typeof buf === "string" ? Buffer.from(buf) : buf, typeof previous === "number" ? previous : 0);
  (unsigned as { native?: boolean }).native = true;
  crc32.unsigned = unsigned;
}
