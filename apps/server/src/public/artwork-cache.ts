import { createHash } from "node:crypto";

/**
 * Rendered label PNGs, by the signed payload they draw (a revoked or re-signed label has another payload).
 * Rendering takes about a second of CPU: a public URL must not let anyone make the server do that at will.
 */
const MAX_ENTRIES = 200;
const pngs = new Map<string, Uint8Array>();

export function cachedPng(payload: string, render: () => Uint8Array): Uint8Array {
  const key = createHash("sha256").update(payload).digest("base64url");
  const hit = pngs.get(key);
  if (hit) {
    pngs.delete(key); // most recently used last
    pngs.set(key, hit);
    return hit;
  }
  const png = render();
  if (pngs.size >= MAX_ENTRIES) pngs.delete(pngs.keys().next().value as string);
  pngs.set(key, png);
  return png;
}
