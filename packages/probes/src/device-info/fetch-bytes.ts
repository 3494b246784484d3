import { request as httpsRequest } from "node:https";
import type { TLSSocket } from "node:tls";

/** A certificate SHA-256 in one spelling: 64 upper-case hex digits, no colons. */
export function normaliseFingerprint(value: string): string {
  return value.replaceAll(":", "").toUpperCase();
}

/**
 * GETs `url` and returns its body. Without `pin` the global fetch does it (the default CA store
 * decides). With `pin` (the SHA-256 of the server's certificate, hex, colons optional) an https URL
 * is fetched with node:https, the chain is not checked, and the body is read only when the server's
 * certificate has exactly that fingerprint — a self-signed device certificate pinned in the profile.
 * Throws on a non-2xx answer, a redirect, a timeout or a certificate that does not match.
 */
export async function fetchBytes(url: string, timeoutMs: number, pin?: string): Promise<Buffer> {
  if (pin === undefined || !url.startsWith("https:")) {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
    return Buffer.from(await res.arrayBuffer());
  }
  const want = normaliseFingerprint(pin);
  return new Promise<Buffer>((resolve, reject) => {
    const req = httpsRequest(url, { rejectUnauthorized: false, timeout: timeoutMs }, (res) => {
      const got = normaliseFingerprint((res.socket as TLSSocket).getPeerCertificate().fingerprint256 ?? "");
      if (got !== want) {
        res.destroy();
        reject(new Error(`the certificate of ${url} (SHA-256 ${got}) is not the pinned one`));
        return;
      }
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.resume();
        reject(new Error(`HTTP ${status} for ${url}`));
        return;
      }
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve(Buffer.concat(chunks)));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timed out after ${timeoutMs} ms: ${url}`)));
    req.on("error", reject);
    req.end();
  });
}
