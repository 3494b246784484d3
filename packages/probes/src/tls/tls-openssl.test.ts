import { freePort, requireTool, tempDir, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caSignedCert, selfSignedCert } from "../testing/certs.ts";
import { nodeTlsProtocols } from "../testing/node-tls.ts";
import { startServer, type TestServer } from "../testing/processes.ts";
import { testsslCommand, testsslProtocols } from "../testing/testssl.ts";
import { runTlsProbe } from "./probe.ts";

const haveOpenssl = requireTool("openssl", which("openssl") !== null, "openssl not installed");
const testssl = testsslCommand(which);
const haveTestssl = requireTool(
  "testssl.sh",
  testssl !== null,
  "testssl.sh not installed (apt install testssl.sh)",
);

const units = (r: { units: Array<{ id: string; verdict: string }> }) =>
  Object.fromEntries(r.units.map((u) => [u.id, u.verdict]));

describe.skipIf(!haveOpenssl)("tls probe against openssl s_server", () => {
  const dir = tempDir("jcstar-tls-openssl-");
  const servers: TestServer[] = [];
  const ports = { tls10: 0, expired: 0, caSigned: 0 };

  async function sServer(args: string[]): Promise<number> {
    const port = await freePort();
    servers.push(
      await startServer("openssl", ["s_server", "-accept", `127.0.0.1:${port}`, "-quiet", ...args], port),
    );
    return port;
  }

  beforeAll(async () => {
    const weak = selfSignedCert(dir.path, "rsa1024", { key: "rsa:1024", days: 30 });
    const expired = selfSignedCert(dir.path, "expired", { key: "rsa:2048", days: -1 });
    const signed = caSignedCert(dir.path, "leaf");
    ports.tls10 = await sServer([
      "-cert",
      weak.cert,
      "-key",
      weak.key,
      "-tls1",
      "-cipher",
      "DEFAULT@SECLEVEL=0",
    ]);
    ports.expired = await sServer(["-cert", expired.cert, "-key", expired.key]);
    ports.caSigned = await sServer(["-cert", signed.cert, "-key", signed.key]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    dir.cleanup();
  });

  it("TLS 1.0-only with a 1024-bit RSA self-signed key: FAIL on protocol and key", async () => {
    const r = await runTlsProbe({
      address: "127.0.0.1",
      hostName: "127.0.0.1",
      service: { id: "old", port: ports.tls10, protocol: "https" },
    });
    expect(r.findings.protocols).toEqual({
      SSLv2: false,
      SSLv3: false,
      TLSv1: true,
      "TLSv1.1": false,
      "TLSv1.2": false,
      "TLSv1.3": false,
    });
    expect(units(r)).toMatchObject({
      "protocol-tlsv1": "FAIL",
      "protocol-modern": "FAIL",
      "certificate-key": "FAIL",
      "certificate-trust": "INCONCLUSIVE",
      "certificate-validity": "PASS",
    });
    expect(r.findings.certificate).toMatchObject({
      keyType: "RSA",
      keyBits: 1024,
      selfSigned: true,
      source: "node:tls",
    });
    expect(r.verdict).toBe("FAIL");
    expect(r.summary.ja).toContain("TLSv1");
  });

  it("agrees with node:tls on every TLS version it can speak", async () => {
    for (const port of [ports.tls10, ports.expired]) {
      const r = await runTlsProbe({
        address: "127.0.0.1",
        hostName: "127.0.0.1",
        service: { id: "x", port, protocol: "https" },
      });
      expect(r.findings.protocols).toMatchObject(await nodeTlsProtocols(port));
    }
  });

  it("an expired certificate FAILs validity", async () => {
    const r = await runTlsProbe({
      address: "127.0.0.1",
      hostName: "127.0.0.1",
      service: { id: "exp", port: ports.expired, protocol: "https" },
    });
    expect(r.findings.certificate).toMatchObject({ expired: true, keyBits: 2048 });
    expect(units(r)["certificate-validity"]).toBe("FAIL");
    expect(units(r)["protocol-modern"]).toBe("PASS");
    expect(r.verdict).toBe("FAIL");
  });

  it("a certificate from a private CA naming 127.0.0.1 is not self-signed and matches the host", async () => {
    const r = await runTlsProbe({
      address: "127.0.0.1",
      hostName: "127.0.0.1",
      service: { id: "ca", port: ports.caSigned, protocol: "https" },
    });
    expect(r.findings.certificate).toMatchObject({
      keyType: "EC",
      keyBits: 256,
      selfSigned: false,
      hostnameMatches: true,
      trusted: false,
      expired: false,
    });
    expect(units(r)).toMatchObject({
      "certificate-key": "PASS",
      "certificate-hostname": "PASS",
      "certificate-trust": "INCONCLUSIVE",
    });
    const other = await runTlsProbe({
      address: "127.0.0.1",
      hostName: "device.example",
      service: { id: "ca", port: ports.caSigned, protocol: "https" },
    });
    expect(other.findings.certificate).toMatchObject({ hostnameMatches: false });
  });

  it.skipIf(!haveTestssl)(
    "finds the same protocols as testssl.sh on the TLS 1.0 server",
    { timeout: 300_000 },
    async () => {
      const ours = await runTlsProbe({
        address: "127.0.0.1",
        hostName: "127.0.0.1",
        service: { id: "old", port: ports.tls10, protocol: "https" },
      });
      expect(ours.findings.protocols).toEqual(
        await testsslProtocols(testssl as string, ports.tls10, dir.path),
      );
    },
  );
});
