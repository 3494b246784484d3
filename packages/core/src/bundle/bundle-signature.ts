import { sign, verify } from "node:crypto";
import { canonicalJson, sha256Hex } from "../audit/canonical-json.ts";
import type { Signer } from "../audit/checkpoints.ts";
import { keyFingerprint } from "../audit/public-key.ts";

/** The signed list of a bundle's own files (the evidence files are covered by the manifest's hashes). */
export const SIGNATURE_ENTRY = "signature.json";
export const SIGNATURE_FORMAT = "jcstar-bundle-signature/1";
export const SIGNED_ENTRIES = [
  "manifest.json",
  "index.html",
  "audit/entries.jsonl",
  "audit/chain.jsonl",
  "audit/checkpoint.json",
  "audit/public-key.pem",
] as const;

type BundleSignature = {
  format: typeof SIGNATURE_FORMAT;
  algorithm: "Ed25519";
  keyId: string;
  /** SHA-256 of the raw Ed25519 public key, hex (what `verify-bundle` prints and trusts). */
  fingerprint: string;
  /** SHA-256 of each entry of SIGNED_ENTRIES. */
  entries: Record<string, string>;
  signature: string;
};

function message(s: Omit<BundleSignature, "signature">): Buffer {
  return Buffer.from(`jcstar-evidence-bundle\n${canonicalJson(s)}`);
}

/** `signature.json` for a bundle's entries: the SHA-256 of each signed entry, signed with the instance's key. */
export function bundleSignatureOf(
  entries: ReadonlyMap<string, Buffer>,
  signer: Pick<Signer, "privateKey" | "keyId" | "fingerprint">,
): Buffer {
  const body: Omit<BundleSignature, "signature"> = {
    format: SIGNATURE_FORMAT,
    algorithm: "Ed25519",
    keyId: signer.keyId,
    fingerprint: signer.fingerprint,
    entries: Object.fromEntries(SIGNED_ENTRIES.map((name) => [name, sha256Hex(entries.get(name) ?? "")])),
  };
  const signature = sign(null, message(body), signer.privateKey).toString("base64");
  return Buffer.from(`${JSON.stringify({ ...body, signature }, null, 2)}\n`);
}

/**
 * Checks `signature.json` against the bundle's entries and the public key it carries: every signed entry must be
 * there with its hash, and the signature must verify. Adds every problem to `problems`.
 */
export function checkBundleSignature(
  entries: ReadonlyMap<string, Buffer>,
  publicKeyPem: string,
  problems: string[],
): void {
  const raw = entries.get(SIGNATURE_ENTRY);
  if (!raw) {
    problems.push("the bundle is not signed (signature.json missing): rebuild it with this version");
    return;
  }
  let s: BundleSignature;
  try {
    s = JSON.parse(raw.toString("utf8")) as BundleSignature;
    if (s.format !== SIGNATURE_FORMAT || typeof s.entries !== "object" || !s.entries) throw new Error();
  } catch {
    problems.push("signature.json is not valid");
    return;
  }
  for (const name of SIGNED_ENTRIES) {
    if (s.entries[name] !== sha256Hex(entries.get(name) ?? ""))
      problems.push(`${name} differs from what was signed`);
  }
  const { signature, ...body } = s;
  let ok = false;
  try {
    ok =
      keyFingerprint(publicKeyPem) === s.fingerprint &&
      verify(null, message(body), publicKeyPem, Buffer.from(String(signature), "base64"));
  } catch {
    ok = false;
  }
  if (!ok) problems.push("the bundle signature does not verify with the key it carries");
}
