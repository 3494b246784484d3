import { createHash } from "node:crypto";
import type { Context } from "hono";

/**
 * Public registry answers may be stored but are revalidated by ETag on every use (`no-cache`): a phone that reloads
 * a label page after a revocation sees the revoked status at once; an unchanged page costs a 304.
 */
export const PUBLIC_CACHE = "no-cache";

/**
 * Answers with a strong ETag over the body, or 304 when the client already holds it. `Vary` names the
 * headers that change the body (the language).
 */
export function cachedResponse(
  c: Context,
  body: string | Uint8Array,
  contentType: string,
  options: { status?: 200 | 404; vary?: string } = {},
): Response {
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    "Cache-Control": PUBLIC_CACHE,
    ETag: etag,
  };
  if (options.vary) headers.Vary = options.vary;
  const wanted = c.req.header("if-none-match");
  if (wanted?.split(",").some((tag) => tag.trim() === etag || tag.trim() === `W/${etag}`))
    return new Response(null, { status: 304, headers });
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    status: options.status ?? 200,
    headers,
  });
}
