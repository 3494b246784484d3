import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyFingerprint, parsePublicKeys, pemOf, rawEd25519 } from "./public-key.ts";

describe("audit public keys", () => {
  const pair = generateKeyPairSync("ed25519");
  const pem = pemOf(pair.publicKey);
  const raw = rawEd25519(pair.publicKey);
  const fp = keyFingerprint(pem);

  it("fingerprints the raw 32-byte key with SHA-256, whatever the encoding", () => {
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    const jwk = pair.publicKey.export({ format: "jwk" });
    for (const input of [
      Buffer.from(pem),
      raw,
      Buffer.from(raw.toString("hex")),
      Buffer.from(raw.toString("base64")),
      Buffer.from(JSON.stringify(jwk)),
      Buffer.from(JSON.stringify({ keys: [{ ...jwk, kid: "k1" }] })),
      Buffer.from(JSON.stringify({ algorithm: "Ed25519", fingerprint: fp, publicKeyPem: pem })),
    ]) {
      expect(parsePublicKeys(input).map((k) => keyFingerprint(k))).toEqual([fp]);
    }
  });

  it("refuses what is not an Ed25519 public key", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
    for (const input of [
      Buffer.from("hello"),
      Buffer.alloc(31, 1),
      Buffer.from(rsa.publicKey.export({ type: "spki", format: "pem" }).toString()),
      Buffer.from("{}"),
    ])
      expect(() => parsePublicKeys(input)).toThrow();
  });
});
