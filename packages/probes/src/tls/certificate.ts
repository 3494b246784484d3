import type { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { connect } from "node:tls";

/** What the tls probe reports about the server certificate. */
export interface CertificateFindings {
  subject: string;
  issuer: string;
  /** `RSA`, `EC`, `Ed25519`, `Ed448`, `DSA` or the raw Node key type. */
  keyType: string;
  keyBits: number | null;
  curve?: string;
  notBefore: string;
  notAfter: string;
  expired: boolean;
  notYetValid: boolean;
  daysLeft: number;
  selfSigned: boolean;
  /** Whether the certificate names the profile host (DNS name or IP address). */
  hostnameMatches: boolean;
  /** Whether Node's default CA store accepts the chain (null when unknown, e.g. from a hand-built handshake). */
  trusted: boolean | null;
  trustError?: string;
  fingerprint256: string;
  /** How the certificate was obtained. */
  source: "node:tls" | "handshake";
}

const KEY_TYPES: Record<string, string> = {
  rsa: "RSA",
  "rsa-pss": "RSA",
  ec: "EC",
  ed25519: "Ed25519",
  ed448: "Ed448",
  dsa: "DSA",
};
const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp256k1: 256,
  secp224r1: 224,
  prime192v1: 192,
};

/**
 * Facts about a certificate as seen by a client that connected to `host` (the profile's host,
 * name or IP). `now` is injectable for tests.
 */
export function describeCertificate(
  cert: X509Certificate,
  host: string,
  extra: { trusted: boolean | null; trustError?: string; source: CertificateFindings["source"] },
  now = new Date(),
): CertificateFindings {
  const key = cert.publicKey;
  const type = key.asymmetricKeyType ?? "unknown";
  const details = key.asymmetricKeyDetails ?? {};
  let keyBits: number | null = details.modulusLength ?? null;
  if (type === "ec") keyBits = CURVE_BITS[details.namedCurve ?? ""] ?? null;
  if (type === "ed25519") keyBits = 256;
  if (type === "ed448") keyBits = 456;
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  const matches = isIP(host) !== 0 ? cert.checkIP(host) !== undefined : cert.checkHost(host) !== undefined;
  const findings: CertificateFindings = {
    subject: cert.subject.replace(/\n/g, ", "),
    issuer: cert.issuer.replace(/\n/g, ", "),
    keyType: KEY_TYPES[type] ?? type,
    keyBits,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    expired: notAfter.getTime() < now.getTime(),
    notYetValid: notBefore.getTime() > now.getTime(),
    daysLeft: Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000),
    selfSigned: isSelfSigned(cert),
    hostnameMatches: matches,
    trusted: extra.trusted,
    fingerprint256: cert.fingerprint256,
    source: extra.source,
  };
  if (type === "ec" && details.namedCurve) findings.curve = details.namedCurve;
  if (extra.trustError) findings.trustError = extra.trustError;
  return findings;
}

function isSelfSigned(cert: X509Certificate): boolean {
  try {
    return cert.checkIssued(cert) && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

/**
 * Fetches the server certificate with node:tls (any version Node can speak, legacy suites allowed,
 * no verification so that bad certificates can be described). Resolves null when Node cannot
 * complete a handshake (e.g. SSLv3-only servers); the caller then falls back to the hand-built handshake.
 */
export function fetchCertificate(target: {
  host: string;
  port: number;
  serverName?: string;
  timeoutMs: number;
}): Promise<{
  cert: X509Certificate;
  trusted: boolean;
  trustError?: string;
  protocol: string | null;
} | null> {
  return new Promise((resolve) => {
    const socket = connect({
      host: target.host,
      port: target.port,
      ...(target.serverName && isIP(target.serverName) === 0 ? { servername: target.serverName } : {}),
      rejectUnauthorized: false,
      minVersion: "TLSv1",
      ciphers: "ALL:@SECLEVEL=0",
    });
    const timer = setTimeout(() => done(null), target.timeoutMs);
    function done(value: Awaited<ReturnType<typeof fetchCertificate>>) {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    }
    socket.once("secureConnect", () => {
      const cert = socket.getPeerX509Certificate();
      if (!cert) return done(null);
      const error = socket.authorizationError;
      done({
        cert,
        trusted: socket.authorized,
        ...(error ? { trustError: String(error) } : {}),
        protocol: socket.getProtocol(),
      });
    });
    socket.once("error", () => done(null));
  });
}
