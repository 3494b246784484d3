import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A self-signed certificate for the reference device's HTTPS (EC P-256, SAN localhost and
 * 127.0.0.1), made once with the openssl command into `<state>/tls/`. Throws when openssl is missing.
 */
export function demoCertificate(stateDir: string): { key: Buffer; cert: Buffer } {
  const dir = join(stateDir, "tls");
  const key = join(dir, "device.key");
  const cert = join(dir, "device.crt");
  if (!existsSync(key) || !existsSync(cert)) {
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
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}
