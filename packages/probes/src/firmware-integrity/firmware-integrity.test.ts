import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { createDeviceContext } from "../actions/context.ts";
import { startDemoDevice } from "../demo-device/server.ts";
import { parseProfile } from "../profile/load.ts";
import { runFirmwareIntegrityProbe } from "./probe.ts";
import {
  algorithmOf,
  checkManifest,
  decodeSignature,
  flipOneBit,
  keyPairLike,
  signWith,
  verifySignature,
} from "./verify.ts";

const dir = tempDir("jcstar-fw-");
afterAll(() => dir.cleanup());

const KEYS: Record<string, () => { publicKey: KeyObject; privateKey: KeyObject }> = {
  ed25519: () => generateKeyPairSync("ed25519"),
  "ecdsa-p256": () => generateKeyPairSync("ec", { namedCurve: "prime256v1" }),
  "rsa-pkcs1-sha256": () => generateKeyPairSync("rsa", { modulusLength: 2048 }),
};

describe("signature verification (node:crypto)", () => {
  const image = randomBytes(8192);
  for (const [name, make] of Object.entries(KEYS)) {
    it(`${name}: the signed image verifies; a flipped bit or a wrong key does not`, () => {
      const { publicKey, privateKey } = make();
      expect(algorithmOf(publicKey)).toBe(name);
      const sig = signWith(image, privateKey);
      expect(verifySignature(image, sig, publicKey)).toBe(true);
      expect(verifySignature(flipOneBit(image), sig, publicKey)).toBe(false);
      expect(verifySignature(flipOneBit(image, 0), sig, publicKey)).toBe(false);
      const wrong = keyPairLike(publicKey);
      expect(algorithmOf(wrong.publicKey)).toBe(name);
      expect(verifySignature(image, signWith(image, wrong.privateKey), publicKey)).toBe(false);
      // Signature files as base64 text or raw bytes decode to the same signature.
      expect(
        verifySignature(image, decodeSignature(Buffer.from(`${sig.toString("base64")}\n`)), publicKey),
      ).toBe(true);
      expect(verifySignature(image, decodeSignature(sig), publicKey)).toBe(true);
    });
  }

  it("ECDSA in IEEE P1363 form (r‖s) verifies too; other curves are refused", () => {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" }) as {
      publicKey: KeyObject;
      privateKey: KeyObject;
    };
    const sig = sign("sha256", image, { key: privateKey, dsaEncoding: "ieee-p1363" });
    expect(sig.length).toBe(64);
    expect(verifySignature(image, sig, publicKey)).toBe(true);
    const p384 = generateKeyPairSync("ec", { namedCurve: "secp384r1" });
    expect(() => algorithmOf(p384.publicKey)).toThrow(/P-256 only/);
    expect(verifySignature(image, sig, p384.publicKey)).toBe(false);
  });

  it("a signed manifest of hashes: signature, listed hash, tampered image, tampered manifest", () => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const sha = createHash("sha256").update(image).digest("hex");
    const manifest = Buffer.from(
      JSON.stringify({ images: [{ name: "cam.bin", sha256: sha, version: "2.0.0" }] }),
    );
    const msig = sign(null, manifest, privateKey);
    expect(checkManifest(manifest, msig, publicKey, image, "cam.bin")).toMatchObject({
      manifestSigned: true,
      hashMatches: true,
      entry: { version: "2.0.0" },
    });
    expect(checkManifest(manifest, msig, publicKey, flipOneBit(image), "cam.bin").hashMatches).toBe(false);
    expect(checkManifest(flipOneBit(manifest, 5), msig, publicKey, image, "cam.bin").manifestSigned).toBe(
      false,
    );
    expect(checkManifest(manifest, msig, publicKey, image, "other.bin").entry).toBeUndefined();
  });
});

describe("firmware-integrity probe", () => {
  const files = (name: string, make: () => { publicKey: KeyObject; privateKey: KeyObject }) => {
    const { publicKey, privateKey } = make();
    const image = randomBytes(4096);
    writeFileSync(join(dir.path, `${name}.pub`), publicKey.export({ type: "spki", format: "pem" }));
    writeFileSync(join(dir.path, `${name}.bin`), image);
    writeFileSync(join(dir.path, `${name}.sig`), signWith(image, privateKey));
    return { privateKey };
  };
  const profile = (name: string, port: number, extra = "") =>
    parseProfile(`name: fw
host: 127.0.0.1
services: [{ id: web, protocol: http, port: ${port} }]
update:
  endpoint: { path: /api/update }
  publicKey: ${name}.pub
  image: ${name}.bin
  signature: ${name}.sig
${extra}`);

  for (const [name, make] of Object.entries(KEYS)) {
    it(`${name}: offline verification passes; without allowActive the device side is INCONCLUSIVE`, async () => {
      files(name, make);
      const r = await runFirmwareIntegrityProbe(
        createDeviceContext(profile(name, 1), "127.0.0.1", { baseDir: dir.path }),
      );
      expect(r.findings.algorithm).toBe(name);
      expect(r.units.map((u) => [u.id, u.verdict])).toEqual([
        ["signature-valid", "PASS"],
        ["device-rejects-tampered", "INCONCLUSIVE"],
      ]);
      expect(r.verdict).toBe("INCONCLUSIVE");
      expect(r.units[1]?.detail.ja).toContain("allowActive");
    });
  }

  it("a signature made with another key FAILs offline; missing files are an ERROR", async () => {
    files("mismatch", KEYS.ed25519 as () => { publicKey: KeyObject; privateKey: KeyObject });
    const other = generateKeyPairSync("ed25519");
    writeFileSync(join(dir.path, "mismatch.pub"), other.publicKey.export({ type: "spki", format: "pem" }));
    const ctx = createDeviceContext(profile("mismatch", 1), "127.0.0.1", { baseDir: dir.path });
    expect((await runFirmwareIntegrityProbe(ctx)).units[0]).toMatchObject({
      id: "signature-valid",
      verdict: "FAIL",
    });
    const missing = createDeviceContext(profile("absent", 1), "127.0.0.1", { baseDir: dir.path });
    const r = await runFirmwareIntegrityProbe(missing);
    expect(r.verdict).toBe("ERROR");
    expect(r.summary.en).toContain("cannot read");
  });

  it("active, multipart upload: the reference device accepts the signed image and rejects both tampered copies", async () => {
    const state = tempDir("jcstar-fw-dev-");
    const dev = await startDemoDevice({ stateDir: state.path, provisionPassword: "correct-horse-42" });
    try {
      const text = `name: fw
host: 127.0.0.1
services: [{ id: web, protocol: http, port: ${dev.port}, auth: { type: basic, username: admin, passwordEnv: PW } }]
info: { version: { http: { path: /api/info, json: firmware } } }
update:
  endpoint: { path: /api/update, format: multipart }
  publicKey: keys/vendor.pub
  image: firmware/cam-1.2.4.bin
  signature: firmware/cam-1.2.4.bin.sig
  expectVersion: 1.2.4
  allowActive: true
  settleSeconds: 5
`;
      const ctx = createDeviceContext(parseProfile(text), "127.0.0.1", {
        baseDir: state.path,
        env: { PW: "correct-horse-42" },
        pollMs: 50,
      });
      const r = await runFirmwareIntegrityProbe(ctx);
      expect(r.units.map((u) => [u.id, u.verdict])).toEqual([
        ["signature-valid", "PASS"],
        ["positive-control", "PASS"],
        ["bitflip-rejected", "PASS"],
        ["wrong-key-rejected", "PASS"],
        ["version-unchanged", "PASS"],
      ]);
      expect(r.verdict).toBe("PASS");
      expect(r.findings.active).toMatchObject({
        versionBefore: "1.2.3",
        versionAfterSigned: "1.2.4",
        versionAfter: "1.2.4",
      });
      const uploads = r.log.filter((e) => e.event === "upload");
      expect(uploads.map((e) => [e.kind, e.result])).toEqual([
        ["signed", "accepted"],
        ["bit-flipped", "rejected"],
        ["wrong-key", "rejected"],
      ]);
      // A device that rejects everything proves nothing: wrong credentials make the positive control fail.
      const locked = createDeviceContext(parseProfile(text), "127.0.0.1", {
        baseDir: state.path,
        env: { PW: "wrong-password" },
        pollMs: 50,
      });
      const n = await runFirmwareIntegrityProbe(locked);
      expect(n.units.find((u) => u.id === "positive-control")?.verdict).toBe("INCONCLUSIVE");
      expect(n.units.some((u) => u.id === "bitflip-rejected")).toBe(false);
      expect(n.verdict).toBe("INCONCLUSIVE");
    } finally {
      await dev.close();
      state.cleanup();
    }
  });
});
