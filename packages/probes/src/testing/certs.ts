import { execFileSync } from "node:child_process";
import { join } from "node:path";

/** Paths of a generated key and certificate. */
export interface CertFiles {
  key: string;
  cert: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/**
 * A self-signed certificate made with the openssl CLI. `key` is `rsa:1024`, `rsa:2048` or `ec`
 * (P-256); `days` may be negative to make an expired certificate.
 */
export function selfSignedCert(
  dir: string,
  name: string,
  options: { key: string; days: number; cn?: string; san?: string },
): CertFiles {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  const csr = join(dir, `${name}.csr`);
  const keyArgs =
    options.key === "ec"
      ? ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
      : ["-newkey", options.key];
  openssl(
    [
      "req",
      "-new",
      ...keyArgs,
      "-nodes",
      "-keyout",
      key,
      "-out",
      csr,
      "-subj",
      `/CN=${options.cn ?? "localhost"}`,
    ],
    dir,
  );
  const ext = join(dir, `${name}.ext`);
  execFileSync("sh", [
    "-c",
    `printf 'subjectAltName=${options.san ?? "DNS:localhost,IP:127.0.0.1"}\\n' > '${ext}'`,
  ]);
  openssl(
    [
      "x509",
      "-req",
      "-in",
      csr,
      "-signkey",
      key,
      "-days",
      String(options.days),
      "-out",
      cert,
      "-extfile",
      ext,
    ],
    dir,
  );
  return { key, cert };
}

/** A private CA and a leaf certificate it signed (SAN localhost and 127.0.0.1). */
export function caSignedCert(dir: string, name: string, keyType = "ec"): CertFiles & { ca: string } {
  const ca = selfSignedCert(dir, `${name}-ca`, { key: "rsa:2048", days: 30, cn: "jcstar test CA" });
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  const csr = join(dir, `${name}.csr`);
  const keyArgs =
    keyType === "ec" ? ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"] : ["-newkey", keyType];
  openssl(["req", "-new", ...keyArgs, "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=localhost"], dir);
  const ext = join(dir, `${name}.ext`);
  execFileSync("sh", ["-c", `printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > '${ext}'`]);
  openssl(
    [
      "x509",
      "-req",
      "-in",
      csr,
      "-CA",
      ca.cert,
      "-CAkey",
      ca.key,
      "-CAcreateserial",
      "-days",
      "30",
      "-out",
      cert,
      "-extfile",
      ext,
    ],
    dir,
  );
  return { key, cert, ca: ca.cert };
}
