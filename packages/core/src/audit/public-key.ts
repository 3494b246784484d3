import { createHash, createPublicKey, type KeyObject } from "node:crypto";

/**
 * Fingerprint of an Ed25519 public key: SHA-256 of the raw 32-byte key, 64 lowercase hex digits. The same key
 * gives the same fingerprint whatever its encoding (PEM, JWK, raw).
 */
export function keyFingerprint(key: KeyObject | string): string {
  const object = typeof key === "string" ? createPublicKey(key) : key;
  return createHash("sha256").update(rawEd25519(object)).digest("hex");
}

/** The raw 32 bytes of an Ed25519 public key (throws for any other key type). */
export function rawEd25519(key: KeyObject): Buffer {
  const jwk = key.export({ format: "jwk" }) as { kty?: string; crv?: string; x?: string };
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !jwk.x) throw new Error("not an Ed25519 public key");
  return Buffer.from(jwk.x, "base64url");
}

export function pemOf(key: KeyObject): string {
  return key.export({ type: "spki", format: "pem" }).toString();
}

function fromRaw(raw: Buffer): KeyObject {
  return createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") },
    format: "jwk",
  });
}

function fromJson(value: unknown): KeyObject[] {
  if (!value || typeof value !== "object") return [];
  const v = value as { keys?: unknown[]; kty?: string; publicKeyPem?: string; publicKey?: string };
  if (Array.isArray(v.keys)) return v.keys.flatMap(fromJson);
  if (v.kty === "OKP") {
    const { d: _private, ...pub } = v as Record<string, unknown>;
    return [createPublicKey({ key: pub as import("node:crypto").JsonWebKey, format: "jwk" })];
  }
  const pem = v.publicKeyPem ?? v.publicKey;
  return typeof pem === "string" ? [createPublicKey(pem)] : [];
}

/**
 * Reads Ed25519 public keys from what a user hands over: a PEM file, a JWK or JWKS, the JSON of
 * `GET /api/audit/public-key`, the raw 32 bytes, or those bytes as hex or base64 text. Throws when none is found.
 */
export function parsePublicKeys(input: Buffer): KeyObject[] {
  const text = input.toString("utf8").trim();
  let keys: KeyObject[] = [];
  if (input.length === 32 && !/^[\x20-\x7e]+$/.test(input.toString("latin1"))) keys = [fromRaw(input)];
  else if (text.startsWith("{")) keys = fromJson(JSON.parse(text));
  else if (text.includes("-----BEGIN")) keys = [createPublicKey(text)];
  else if (/^[0-9a-fA-F]{64}$/.test(text)) keys = [fromRaw(Buffer.from(text, "hex"))];
  else {
    const bytes = Buffer.from(text, /[-_]/.test(text) ? "base64url" : "base64");
    if (bytes.length === 32) keys = [fromRaw(bytes)];
  }
  for (const k of keys) rawEd25519(k);
  if (keys.length === 0) throw new Error("no Ed25519 public key found");
  return keys;
}
