/** The media type of a file from its first bytes — never from the client's claim. */
export function sniffMediaType(head: Buffer): string {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  const ascii = (offset: number, text: string) =>
    head.subarray(offset, offset + text.length).toString("latin1") === text;
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (ascii(0, "GIF87a") || ascii(0, "GIF89a")) return "image/gif";
  if (ascii(0, "RIFF") && ascii(8, "WEBP")) return "image/webp";
  if (ascii(0, "%PDF-")) return "application/pdf";
  if (ascii(4, "ftyp")) {
    const brand = head.subarray(8, 12).toString("latin1");
    if (brand === "qt  ") return "video/quicktime";
    if (brand.startsWith("heic") || brand.startsWith("mif1")) return "image/heic";
    return "video/mp4";
  }
  if (starts(0x1a, 0x45, 0xdf, 0xa3)) return "video/webm";
  if (starts(0x50, 0x4b, 0x03, 0x04)) return "application/zip";
  if (starts(0x1f, 0x8b)) return "application/gzip";
  if (ascii(0, "BM")) return "image/bmp";
  if (head.length === 0) return "application/octet-stream";
  // Text: valid UTF-8 without NUL bytes in what we saw (a multi-byte character may be cut at the end).
  if (head.includes(0)) return "application/octet-stream";
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head);
  const replacement = (text.match(/\uFFFD/g) ?? []).length;
  if (replacement > 1) return "application/octet-stream";
  const trimmed = text.trimStart();
  if (/^[[{]/.test(trimmed)) return "application/json";
  if (/^<\?xml|^<svg/i.test(trimmed)) return "application/xml";
  if (/^<!doctype html|^<html/i.test(trimmed)) return "text/html";
  return "text/plain";
}
