import type { MiddlewareHandler } from "hono";

/** The policy of a file download (evidence, documents, packages, bundles): nothing runs, even if opened inline. */
export const DOWNLOAD_CSP = "default-src 'none'; sandbox";

/**
 * A document preview shown in the app's sandboxed frame: its own inline styles, nothing that runs, nothing
 * fetched, framed only by the app itself (the sandbox gives it an opaque origin even when opened directly).
 */
export const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";

/** The strict policy of the web app and the public pages: own scripts/styles only, never framed. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Sent with every answer unless the route set the header itself (a download's sandbox CSP wins). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": PAGE_CSP,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "same-origin",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Origin-Agent-Cluster": "?1",
  "Strict-Transport-Security": "max-age=15552000; includeSubDomains",
  "X-DNS-Prefetch-Control": "off",
  "X-Download-Options": "noopen",
  "X-Permitted-Cross-Domain-Policies": "none",
  "X-XSS-Protection": "0",
};

/**
 * The security headers of every answer — pages, API, downloads, errors and 404s. A header the route already set is
 * kept (downloads set DOWNLOAD_CSP), so the global policy never overwrites a stricter one.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      if (!headers.has(name)) headers.set(name, value);
  };
}
