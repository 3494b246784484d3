import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";

/** Whether the certificate file names `host` (an IP address or a DNS name). */
function covers(certFile: string, host: string): boolean {
  const x = new X509Certificate(readFileSync(certFile));
  return (isIP(host) ? x.checkIP(host) : x.checkHost(host)) !== undefined;
}

/**
 * A self-signed certificate for the reference device's HTTPS (EC P-256, SAN localhost, 127.0.0.1
 * and `host`), made with the openssl command into `<state>/tls/` — once, or again when the stored one
 * does not name `host`. Returns it with its SHA-256 (`AB:CD:…`, as node:tls spells `fingerprint256`).
 * Throws when openssl is missing.
 */
export function demoCertificate(
  stateDir: string,
  host = "127.0.0.1",
): { key: Buffer; cert: Buffer; sha256: string } {
  const dir = join(stateDir, "tls");
  const key = join(dir, "device.key");
  const cert = join(dir, "device.crt");
  const san = ["DNS:localhost", "IP:127.0.0.1"];
  if (host !== "localhost" && host !== "127.0.0.1") san.push(isIP(host) ? `IP:${host}` : `DNS:${host}`);
  if (!existsSync(key) || !existsSync(cert) || !covers(cert, host)) {
    mkdirSync(dir, { recursive: true });
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "365",
        "-subj",
        "/CN=JC-CAM-100 reference device",
        "-addext",
        `subjectAltName=${san.join(",")}`,
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
  }
  const pem = readFileSync(cert);
  return { key: readFileSync(key), cert: pem, sha256: new X509Certificate(pem).fingerprint256 };
}
