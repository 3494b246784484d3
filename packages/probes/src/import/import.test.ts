import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { requireTool, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPorts } from "../testing/fixtures.ts";
import { importNmapXml } from "./nmap-xml.ts";
import { importTestsslJson } from "./testssl-json.ts";
import { parseXml } from "./xml.ts";

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

describe("safe XML reader", () => {
  it("reads elements and attributes, decodes entities, and never expands DOCTYPE entities", () => {
    const doc = parseXml(
      `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "boom"><!ENTITY y "&x;&x;">]><a k='1 &lt; 2' j="&#x41;&y;"><b/><c></c></a>`,
    );
    expect(doc).toEqual({
      name: "a",
      attrs: { k: "1 < 2", j: "A&y;" },
      children: [
        { name: "b", attrs: {}, children: [] },
        { name: "c", attrs: {}, children: [] },
      ],
    });
    expect(() => parseXml("<a><b></a>")).toThrow(/does not close/);
    expect(() => parseXml("<a>")).toThrow(/never closed/);
    expect(() => parseXml(`${"<a>".repeat(100)}${"</a>".repeat(100)}`)).toThrow(/nested too deeply/);
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
      services: { "23/tcp": "telnet", "443/tcp": "http" },
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
