import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";

/** Signature algorithms the harness verifies (from the key type). */
export type SignatureAlgorithm = "ed25519" | "ecdsa-p256" | "rsa-pkcs1-sha256" | "rsa-pss-sha256";

/** The algorithm a public (or private) key implies; throws for other key types. */
export function algorithmOf(key: KeyObject): SignatureAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === "ed25519") return "ed25519";
  if (type === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve !== "prime256v1" && curve !== "P-256")
      throw new Error(`unsupported EC curve ${curve ?? "?"} (P-256 only)`);
    return "ecdsa-p256";
  }
  if (type === "rsa") return "rsa-pkcs1-sha256";
  if (type === "rsa-pss") return "rsa-pss-sha256";
  throw new Error(`unsupported key type ${type ?? "?"}`);
}

/** Reads a PEM (or DER SPKI) public key; a private key is accepted and its public half used. */
export function parsePublicKey(data: Buffer | string): KeyObject {
  const text = typeof data === "string" ? data : data.toString("latin1");
  if (text.includes("-----BEGIN")) return createPublicKey(text);
  return createPublicKey({
    key: Buffer.isBuffer(data) ? data : Buffer.from(data),
    format: "der",
    type: "spki",
  });
}

/**
 * A detached signature file as bytes: base64 (or hex) text is decoded, anything else is taken raw.
 * Ed25519 signatures are 64 bytes; ECDSA may be DER or IEEE P1363 (r‖s, 64 bytes); RSA is the key size.
 */
export function decodeSignature(data: Buffer): Buffer {
  const t = data.toString("latin1").trim();
  if (/^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0 && t.length >= 128) return Buffer.from(t, "hex");
  if (/^[A-Za-z0-9+/=_-]+$/.test(t) && t.length >= 64) {
    const b = Buffer.from(t, t.includes("-") || t.includes("_") ? "base64url" : "base64");
    if (b.length > 0) return b;
  }
  return data;
}

/** True when `signature` is a valid signature of `data` by `key` (never throws). */
export function verifySignature(data: Buffer, signature: Buffer, key: KeyObject): boolean {
  try {
    switch (algorithmOf(key)) {
      case "ed25519":
        return verify(null, data, key, signature);
      case "ecdsa-p256":
        return (
          verify("sha256", data, { key, dsaEncoding: "der" }, signature) ||
          (signature.length === 64 && verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, signature))
        );
      case "rsa-pkcs1-sha256":
        return verify("sha256", data, key, signature);
      case "rsa-pss-sha256":
        return verify("sha256", data, { key, saltLength: 32 }, signature);
    }
  } catch {
    return false;
  }
}

/** Signs `data` with a private key using the algorithm of its type (ECDSA: DER). */
export function signWith(data: Buffer, privateKey: KeyObject): Buffer {
  const algorithm = algorithmOf(privateKey);
  if (algorithm === "ed25519") return sign(null, data, privateKey);
  if (algorithm === "rsa-pss-sha256") return sign("sha256", data, { key: privateKey, saltLength: 32 });
  return sign("sha256", data, privateKey);
}

/** A fresh key pair of the same algorithm (and RSA size) as `key` — the "wrong key" of the tamper test. */
export function keyPairLike(key: KeyObject): { publicKey: KeyObject; privateKey: KeyObject } {
  const algorithm = algorithmOf(key);
  if (algorithm === "ed25519") return generateKeyPairSync("ed25519");
  if (algorithm === "ecdsa-p256") return generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const modulusLength = key.asymmetricKeyDetails?.modulusLength ?? 2048;
  return algorithm === "rsa-pss-sha256"
    ? generateKeyPairSync("rsa-pss", { modulusLength })
    : generateKeyPairSync("rsa", { modulusLength });
}

/** A copy of `data` with one bit flipped (bit 0 of the middle byte unless `offset` is given). */
export function flipOneBit(data: Buffer, offset = Math.floor(data.length / 2)): Buffer {
  const copy = Buffer.from(data);
  if (copy.length === 0) return copy;
  const at = Math.min(Math.max(offset, 0), copy.length - 1);
  copy[at] = (copy[at] as number) ^ 0x01;
  return copy;
}

export const sha256Hex = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** What checking an image against a signed manifest of hashes showed. */
export interface ManifestCheck {
  manifestSigned: boolean;
  /** The entry for the image (by file name), if any. */
  entry?: { name: string; sha256: string; version?: string };
  hashMatches: boolean;
}

/**
 * Checks `image` (named `name`) against a manifest of hashes signed with `key`. The manifest is JSON:
 * `{ "files": { "cam-1.2.4.bin": "sha256:…" } }` or `{ "images": [{ "name", "sha256", "version" }] }`.
 */
export function checkManifest(
  manifest: Buffer,
  manifestSignature: Buffer,
  key: KeyObject,
  image: Buffer,
  name: string,
): ManifestCheck {
  const manifestSigned = verifySignature(manifest, manifestSignature, key);
  let doc: { files?: Record<string, string>; images?: { name: string; sha256: string; version?: string }[] };
  try {
    doc = JSON.parse(manifest.toString("utf8"));
  } catch {
    return { manifestSigned, hashMatches: false };
  }
  const fromFiles = doc.files?.[name];
  const entry =
    fromFiles !== undefined
      ? { name, sha256: fromFiles.replace(/^sha256:/, "").toLowerCase() }
      : doc.images?.find((i) => i.name === name);
  if (!entry) return { manifestSigned, hashMatches: false };
  const clean = { ...entry, sha256: entry.sha256.replace(/^sha256:/, "").toLowerCase() };
  return { manifestSigned, entry: clean, hashMatches: sha256Hex(image) === clean.sha256 };
}
