import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { requireTool, tempDir, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selfSignedCert } from "../testing/certs.ts";
import { startScriptedTlsServer } from "../testing/scripted-tls-server.ts";
import { testsslCommand, testsslProtocols } from "../testing/testssl.ts";
import { tryHello } from "./handshake.ts";
import { runTlsProbe } from "./probe.ts";

// SSLv2, SSLv3, RC4 and 3DES cannot be served by Debian's OpenSSL 3: a scripted server answers
// the hand-built hellos with crafted ServerHellos instead.
const haveOpenssl = requireTool(
  "openssl",
  which("openssl") !== null,
  "openssl not installed (certificate generation)",
);
const testssl = testsslCommand(which);
const haveTestssl = requireTool(
  "testssl.sh",
  testssl !== null,
  "testssl.sh not installed (apt install testssl.sh)",
);

const RC4_SHA = 0x0005;
const DES3 = 0x000a;
const AES128_SHA = 0x002f;
const ECDHE_RSA_AES128_GCM = 0xc02f;

describe.skipIf(!haveOpenssl)("tls probe against a scripted legacy server", () => {
  const dir = tempDir("jcstar-tls-scripted-");
  const servers: Array<{ port: number; close: () => Promise<void> }> = [];
  let legacy: number;
  let sslv2: number;
  let modern: number;
  let der: Buffer;

  beforeAll(async () => {
    const files = selfSignedCert(dir.path, "legacy", { key: "rsa:2048", days: 30 });
    der = Buffer.from(new X509Certificate(readFileSync(files.cert)).raw);
    const a = await startScriptedTlsServer({
      protocols: ["SSLv3", "TLSv1"],
      suites: [RC4_SHA, DES3, AES128_SHA],
      certificateDer: der,
    });
    const b = await startScriptedTlsServer({ protocols: ["SSLv2"], suites: [], certificateDer: der });
    const c = await startScriptedTlsServer({
      protocols: ["TLSv1.2"],
      suites: [ECDHE_RSA_AES128_GCM],
      certificateDer: der,
    });
    servers.push(a, b, c);
    [legacy, sslv2, modern] = [a.port, b.port, c.port];
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    dir.cleanup();
  });

  it("sees SSLv3 and TLS 1.0, RC4 and 3DES, and reads the certificate from the handshake", async () => {
    const result = await runTlsProbe({
      address: "127.0.0.1",
      hostName: "127.0.0.1",
      service: { id: "legacy", port: legacy, protocol: "https" },
    });
    expect(result.findings.protocols).toEqual({
      SSLv2: false,
      SSLv3: true,
      TLSv1: true,
      "TLSv1.1": false,
      "TLSv1.2": false,
      "TLSv1.3": false,
    });
    const verdicts = Object.fromEntries(result.units.map((u) => [u.id, u.verdict]));
    expect(verdicts).toMatchObject({
      "protocol-sslv3": "FAIL",
      "protocol-tlsv1": "FAIL",
      "protocol-modern": "FAIL",
      "cipher-rc4": "FAIL",
      "cipher-3des": "FAIL",
      "cipher-null": "PASS",
      "cipher-export": "PASS",
      "cipher-nofs": "INCONCLUSIVE",
      "certificate-key": "PASS",
    });
    const weak = result.findings.weakCiphers as Array<{ protocol: string; suite: string }>;
    expect(weak).toContainEqual(
      expect.objectContaining({ protocol: "SSLv3", suite: "TLS_RSA_WITH_RC4_128_SHA" }),
    );
    expect(weak).toContainEqual(
      expect.objectContaining({ protocol: "TLSv1", suite: "TLS_RSA_WITH_3DES_EDE_CBC_SHA" }),
    );
    expect(result.findings.certificate).toMatchObject({
      source: "handshake",
      keyType: "RSA",
      keyBits: 2048,
      selfSigned: true,
      hostnameMatches: true,
    });
    expect(result.verdict).toBe("FAIL");
    expect(result.log.filter((l) => l.event === "client-hello")).toHaveLength(6);
  });

  it("detects an SSLv2-only server with an SSLv2 CLIENT-HELLO", async () => {
    const outcome = await tryHello({ host: "127.0.0.1", port: sslv2, timeoutMs: 2000 }, "SSLv2");
    expect(outcome.accepted).toBe(true);
    expect(outcome.response.certificates[0]?.equals(der)).toBe(true);
    const tls1 = await tryHello({ host: "127.0.0.1", port: sslv2, timeoutMs: 2000 }, "TLSv1");
    expect(tls1.accepted).toBe(false);
  });

  it("passes the cipher checks of a TLS 1.2 server with only an ECDHE AEAD suite", async () => {
    const result = await runTlsProbe({
      address: "127.0.0.1",
      hostName: "localhost",
      service: { id: "modern", port: modern, protocol: "https" },
    });
    expect(result.findings.protocols).toMatchObject({
      "TLSv1.2": true,
      "TLSv1.1": false,
      "TLSv1.3": false,
      SSLv3: false,
    });
    expect(result.units.filter((u) => u.id.startsWith("cipher-")).every((u) => u.verdict === "PASS")).toBe(
      true,
    );
    expect(result.findings.weakCiphers).toEqual([]);
  });

  it.skipIf(!haveTestssl)(
    "finds the same protocols as testssl.sh on the legacy server",
    { timeout: 300_000 },
    async () => {
      const ours = await runTlsProbe({
        address: "127.0.0.1",
        hostName: "127.0.0.1",
        service: { id: "legacy", port: legacy, protocol: "https" },
      });
      const theirs = await testsslProtocols(testssl as string, legacy, dir.path);
      expect(ours.findings.protocols).toEqual(theirs);
    },
  );
});
