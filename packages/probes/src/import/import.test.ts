import { execFile, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { type AddressInfo, createServer, type Server } from "node:net";
import { promisify } from "node:util";
import { requireTool, tempDir, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selfSignedCert } from "../testing/certs.ts";
import { closedPorts } from "../testing/fixtures.ts";
import type { NmapPort } from "./nmap-read.ts";
import { importNmapXml } from "./nmap-xml.ts";
import { importTestsslJson } from "./testssl-json.ts";

const NMAP_SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<?xml-stylesheet href="file:///usr/bin/../share/nmap/nmap.xsl" type="text/xsl"?>
<!-- Nmap 7.93 scan initiated as: nmap -sT -sV -oX cam.xml 192.0.2.10 -->
<nmaprun scanner="nmap" args="nmap -sT -sV -oX cam.xml 192.0.2.10" start="1764133200" version="7.93" xmloutputversion="1.05">
<host starttime="1764133200" endtime="1764133260"><status state="up" reason="syn-ack" reason_ttl="0"/>
<address addr="192.0.2.10" addrtype="ipv4"/>
<address addr="00:11:22:33:44:55" addrtype="mac" vendor="Example &amp; Co"/>
<ports><extraports state="closed" count="996"><extrareasons reason="conn-refused" count="996"/></extraports>
<port protocol="tcp" portid="23"><state state="open" reason="syn-ack" reason_ttl="0"/><service name="telnet" product="BusyBox telnetd" method="probed" conf="10"/></port>
<port protocol="tcp" portid="443"><state state="open" reason="syn-ack" reason_ttl="0"/><service name="http" product="nginx" tunnel="ssl" method="probed" conf="10"/>
<script id="ssl-enum-ciphers" output="&#xa;  TLSv1.2: &#xa;    least strength: A"/></port>
<port protocol="tcp" portid="8080"><state state="filtered" reason="no-response" reason_ttl="0"/><service name="http-proxy" method="table" conf="3"/></port>
</ports></host>
<runstats><finished time="1764133260" timestr="Wed Nov 26 05:01:00 2026" elapsed="60.00" exit="success"/></runstats>
</nmaprun>
`;

const TESTSSL_SAMPLE = JSON.stringify([
  { id: "engine_problem", ip: "/", port: "443", severity: "WARN", finding: "No engine or GOST support" },
  { id: "SSLv2", ip: "cam.example/192.0.2.10", port: "443", severity: "OK", finding: "not offered" },
  { id: "SSLv3", ip: "cam.example/192.0.2.10", port: "443", severity: "OK", finding: "not offered" },
  { id: "TLS1", ip: "cam.example/192.0.2.10", port: "443", severity: "LOW", finding: "offered (deprecated)" },
  { id: "TLS1_1", ip: "cam.example/192.0.2.10", port: "443", severity: "INFO", finding: "not offered" },
  { id: "TLS1_2", ip: "cam.example/192.0.2.10", port: "443", severity: "OK", finding: "offered" },
  {
    id: "TLS1_3",
    ip: "cam.example/192.0.2.10",
    port: "443",
    severity: "INFO",
    finding: "not offered + downgraded to weaker protocol",
  },
  {
    id: "cipherlist_3DES_IDEA",
    ip: "cam.example/192.0.2.10",
    port: "443",
    severity: "MEDIUM",
    finding: "offered",
    cwe: "CWE-327",
  },
  {
    id: "SWEET32",
    ip: "cam.example/192.0.2.10",
    port: "443",
    severity: "LOW",
    finding: "VULNERABLE, uses 64 bit block ciphers",
    cve: "CVE-2016-2183 CVE-2016-6329",
    cwe: "CWE-327",
  },
  {
    id: "cert_keySize",
    ip: "cam.example/192.0.2.10",
    port: "443",
    severity: "HIGH",
    finding: "RSA 1024 bits",
  },
  {
    id: "cert_expirationStatus",
    ip: "cam.example/192.0.2.10",
    port: "443",
    severity: "OK",
    finding: "200 >= 60 days",
  },
]);

describe("nmap XML is hostile input", () => {
  const wrap = (inner: string) =>
    `<?xml version="1.0"?><!DOCTYPE nmaprun><nmaprun args="x" version="7.93">${inner}</nmaprun>`;
  it("refuses entity declarations, internal subsets, malformed XML and deep nesting; decodes character references", () => {
    expect(() =>
      importNmapXml(
        `<?xml version="1.0"?><!DOCTYPE nmaprun [<!ENTITY x "boom"><!ENTITY y "&x;&x;">]><nmaprun args="&y;"/>`,
      ),
    ).toThrow(/ENTITY declaration or a DOCTYPE internal subset is refused/);
    expect(() => importNmapXml(`<!DOCTYPE nmaprun SYSTEM "file:///etc/passwd" [ ]><nmaprun/>`)).toThrow(
      /refused/,
    );
    expect(() => importNmapXml(wrap("<host><ports></host>"))).toThrow(/malformed XML \(line 1/);
    expect(() => importNmapXml(wrap(`${"<a>".repeat(100)}${"</a>".repeat(100)}`))).toThrow(
      /Maximum nested tags exceeded/,
    );
    expect(() =>
      importNmapXml(wrap(`<host><ports><port protocol="tcp" portid="99999"/></ports></host>`)),
    ).toThrow(/port number 99999 is invalid/);
    const run = importNmapXml(
      wrap(
        `<host><address addr="192.0.2.1" addrtype="ipv4"/><ports><port protocol="tcp" portid="80"><state state="open"/><service name="http" product="A &amp; B &lt;&#x41;&#66;&gt;"/></port></ports></host>`,
      ),
    );
    expect((run.results[0]?.findings.ports as Array<{ product?: string }> | undefined)?.[0]?.product).toBe(
      "A & B <AB>",
    );
  });
});

describe("nmap -oX import (S1.1-13 supporting evidence)", () => {
  it("converts open ports and services; Telnet is called out; declared ports make undeclared ones FAIL", () => {
    const run = importNmapXml(NMAP_SAMPLE, { file: "cam.xml" });
    expect(run).toMatchObject({ tool: "jcstar", profile: "import nmap cam.xml", host: "192.0.2.10" });
    expect(run.startedAt).toBe("2025-11-26T05:00:00.000Z");
    const r = run.results[0];
    expect(r).toMatchObject({
      probe: "ports",
      service: "192.0.2.10",
      criteria: ["S1.1-13"],
      verdict: "FAIL",
    });
    expect(r?.findings).toMatchObject({
      source: "nmap",
      openTcpPorts: [23, 443],
      services: { "23/tcp": "telnet", "443/tcp": "https" },
      tlsTcpPorts: [443],
    });
    expect((r?.findings.ports as unknown[] | undefined)?.[1]).toMatchObject({
      port: 443,
      service: "https",
      tunnel: "ssl",
      tls: true,
      product: "nginx",
    });
    expect((r?.findings.ports as Array<{ scripts?: object }> | undefined)?.[1]?.scripts).toHaveProperty(
      "ssl-enum-ciphers",
    );
    expect(r?.units.map((u) => [u.id, u.verdict])).toEqual([
      ["open-ports", "INCONCLUSIVE"],
      ["insecure-services", "FAIL"],
    ]);
    const declared = importNmapXml(NMAP_SAMPLE, { declared: [443] }).results[0];
    expect(declared?.units[0]).toMatchObject({ id: "undeclared-ports", verdict: "FAIL" });
    expect(declared?.summary.en).toContain("23/tcp (telnet)");
    expect(() => importNmapXml("<html></html>")).toThrow(/not nmap XML/);
  });

  const nmap = which("nmap");
  const haveNmap = requireTool("nmap", nmap !== null, "nmap not installed (apt install nmap)");
  describe.skipIf(!haveNmap)("a real nmap scan of loopback", () => {
    let server: Server;
    let open = 0;
    let closed = 0;
    beforeAll(async () => {
      server = createServer((s) => s.end("SSH-2.0-OpenSSH_9.2\r\n"));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      open = (server.address() as { port: number }).port;
      [closed] = (await closedPorts(1)) as [number];
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("imports what nmap -sT found on 127.0.0.1", () => {
      const xml = execFileSync(
        nmap as string,
        ["-sT", "-Pn", "-n", "-p", `${open},${closed}`, "-oX", "-", "127.0.0.1"],
        {
          encoding: "utf8",
          timeout: 60_000,
        },
      );
      const r = importNmapXml(xml).results[0];
      expect(r?.findings).toMatchObject({ address: "127.0.0.1", hostState: "up", openTcpPorts: [open] });
      const pass = importNmapXml(xml, { declared: [open] }).results[0];
      expect(pass?.verdict).toBe("PASS");
    }, 70_000);
  });
});

describe.skipIf(!requireTool("nmap", which("nmap") !== null, "nmap not installed (apt install nmap)"))(
  "a real nmap -sT -sV scan of a TLS and a plain HTTP server on loopback",
  () => {
    const dir = tempDir("jcstar-nmap-");
    const servers: Array<HttpServer | HttpsServer> = [];
    let tlsPort = 0;
    let plainPort = 0;
    beforeAll(async () => {
      const { key, cert } = selfSignedCert(dir.path, "web", { key: "ec", days: 2, cn: "localhost" });
      // An Express-style app: nmap's service probes name it from its X-Powered-By header.
      const app = (_: unknown, res: ServerResponse) => {
        res.setHeader("X-Powered-By", "Express");
        res.end("<html><title>camera</title></html>");
      };
      const tls = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, app);
      const plain = createHttpServer(app);
      for (const s of [tls, plain]) {
        await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
        servers.push(s);
      }
      tlsPort = (tls.address() as AddressInfo).port;
      plainPort = (plain.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      dir.cleanup();
    });

    it("records the TLS port as https with tunnel ssl and both services' CPE; the plain one stays http", async () => {
      // Asynchronous: the servers answer nmap's probes from this process's event loop.
      const { stdout } = await promisify(execFile)(
        "nmap",
        ["-sT", "-sV", "-Pn", "-n", "-p", `${tlsPort},${plainPort}`, "-oX", "-", "127.0.0.1"],
        { encoding: "utf8", timeout: 110_000 },
      );
      expect(stdout).toContain('tunnel="ssl"');
      const r = importNmapXml(stdout).results[0];
      expect(r?.findings).toMatchObject({
        address: "127.0.0.1",
        openTcpPorts: [tlsPort, plainPort].sort((a, b) => a - b),
        tlsTcpPorts: [tlsPort],
        services: { [`${tlsPort}/tcp`]: "https", [`${plainPort}/tcp`]: "http" },
      });
      const ports = r?.findings.ports as NmapPort[];
      const tls = ports.find((p) => p.port === tlsPort);
      const plain = ports.find((p) => p.port === plainPort);
      expect(tls).toMatchObject({ service: "https", tunnel: "ssl", tls: true });
      expect(plain?.tunnel).toBeUndefined();
      expect(plain?.tls).toBeUndefined();
      for (const p of [tls, plain]) {
        expect(p?.product).toMatch(/Node\.js/);
        expect(p?.cpe?.[0]).toMatch(/^cpe:\/a:nodejs:node\.js/);
      }
      expect(r?.summary.en).toContain(`${tlsPort}/tcp (https)`);
    }, 120_000);
  },
);

describe("testssl.sh JSON import (S1.1-12 supporting evidence)", () => {
  it("converts protocols and findings into a tls result like jcstar's own", () => {
    const run = importTestsslJson(TESTSSL_SAMPLE, { file: "cam.json" });
    expect(run.results).toHaveLength(1);
    const r = run.results[0];
    expect(r).toMatchObject({
      probe: "tls",
      service: "cam.example:443",
      criteria: ["S1.1-12"],
      verdict: "FAIL",
    });
    expect(r?.findings.protocols).toEqual({
      SSLv2: false,
      SSLv3: false,
      TLSv1: true,
      "TLSv1.1": false,
      "TLSv1.2": true,
      "TLSv1.3": false,
    });
    expect(r?.units.find((u) => u.id === "protocol-tlsv1")?.verdict).toBe("FAIL");
    expect(r?.units.find((u) => u.id === "protocol-modern")?.verdict).toBe("PASS");
    const findings = r?.units.find((u) => u.id === "testssl-findings");
    expect(findings?.verdict).toBe("FAIL");
    expect(findings?.detail.en).toMatch(
      /^4 testssl.sh findings: cert_keySize \[HIGH\]: RSA 1024 bits; cipherlist_3DES_IDEA \[MEDIUM\]/,
    );
    expect(
      (r?.findings.issues as Array<{ id: string; cve?: string }> | undefined)?.find((i) => i.id === "SWEET32")
        ?.cve,
    ).toContain("CVE-2016-2183");
    expect(r?.summary.en).toMatch(/^testssl.sh results \(imported\): offers TLSv1, TLSv1.2; /);
  });

  it("reads --jsonfile-pretty output too, and refuses other JSON", () => {
    const pretty = JSON.stringify({
      Invocation: "testssl -p --jsonfile-pretty out.json 127.0.0.1:8443",
      scanResult: [
        {
          targetHost: "127.0.0.1",
          ip: "127.0.0.1",
          port: "8443",
          protocols: [
            { id: "TLS1_2", severity: "OK", finding: "offered" },
            { id: "TLS1_3", severity: "OK", finding: "offered with final" },
            { id: "TLS1", severity: "INFO", finding: "not offered" },
          ],
        },
      ],
    });
    const r = importTestsslJson(pretty).results[0];
    expect(r).toMatchObject({ service: "127.0.0.1:8443", verdict: "PASS" });
    expect(() => importTestsslJson('{"a":1}')).toThrow(/not testssl.sh JSON/);
  });
});
