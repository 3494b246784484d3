import { type ChildProcess, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLabProduct } from "./lab-product.testing.ts";
import { BIN, startServe } from "./serve.testing.ts";

function listen(): Promise<Server> {
  return new Promise((res) => {
    const s = createServer((socket) => socket.end("220 hello\r\n"));
    s.listen(0, "127.0.0.1", () => res(s));
  });
}

describe("probe run → upload → evidence → readiness", () => {
  const dir = tempDir();
  const data = join(dir.path, "data");
  let server: ChildProcess;
  let url = "";
  let token = "";
  let productId = "";
  let assessmentId = "";
  const listeners: Server[] = [];

  beforeAll(async () => {
    ({ token, productId, assessmentId } = await seedLabProduct(data, { name: "GW-1", category: "router" }));
    ({ child: server, url } = await startServe(data));
    listeners.push(await listen(), await listen());
  }, 120_000);
  afterAll(async () => {
    server?.kill("SIGTERM");
    for (const l of listeners) l.close();
    dir.cleanup();
  });

  it("files every result as device-test evidence on its criteria; a FAIL blocks readiness", async () => {
    const [declared, undeclared] = listeners.map((l) => (l.address() as { port: number }).port) as [
      number,
      number,
    ];
    const profile = join(dir.path, "profile.yaml");
    writeFileSync(
      profile,
      [
        "name: GW-1 lab unit",
        "host: 127.0.0.1",
        "declaredPorts:",
        `  - { port: ${declared}, protocol: tcp, purpose: management }`,
        `scan: { tcp: "${Math.min(declared, undeclared)}-${Math.max(declared, undeclared)}" }`,
        "services: []",
        "",
      ].join("\n"),
    );
    const run = spawnSync(
      process.execPath,
      [
        BIN,
        "probe",
        "run",
        profile,
        "--only",
        "ports",
        "--lang",
        "en",
        "--upload",
        "--server",
        url,
        "--token",
        token,
        "--product",
        productId,
      ],
      { encoding: "utf8", timeout: 120_000 },
    );
    expect(run.status, run.stderr.slice(-600)).toBe(1);
    expect(run.stderr).toMatch(/Filed as evidence \(\d+ records\)/);
    const view = (await (
      await fetch(`${url}/api/assessments/${assessmentId}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      results: {
        criterionId: string;
        evidence: {
          id: string;
          kind: string | null;
          deviceTestResult: { verdict: string } | null;
          file: { mediaType: string } | null;
        }[];
      }[];
      readiness: { criteria: { criterionId: string; blockers: { code: string }[] }[] };
    };
    const s13 = view.results.find((r) => r.criterionId === "S1.1-13");
    const record = s13?.evidence.find((e) => e.deviceTestResult);
    expect(record?.deviceTestResult?.verdict).toBe("FAIL");
    expect(record?.file?.mediaType).toBe("application/json");
    expect(s13?.evidence.filter((e) => e.kind === "log")).toHaveLength(2);
    const report = s13?.evidence.find((e) => e.kind === "log");
    const text = await (
      await fetch(`${url}/api/evidence/${report?.id}/file`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    expect(text).toContain(String(undeclared));
    expect(
      view.readiness.criteria.find((c) => c.criterionId === "S1.1-13")?.blockers.map((b) => b.code),
    ).toContain("DEVICE_TEST_FAILED");
  }, 180_000);
  it("probe import nmap|testssl --upload files supporting evidence on S1.1-13 / S1.1-12, listed as imports", async () => {
    const nmapFile = join(dir.path, "cam.xml");
    writeFileSync(
      nmapFile,
      `<?xml version="1.0"?><nmaprun scanner="nmap" args="nmap -sT -oX cam.xml 192.0.2.10" start="1764133200" version="7.93"><host><status state="up"/><address addr="192.0.2.10" addrtype="ipv4"/><ports><port protocol="tcp" portid="23"><state state="open"/><service name="telnet"/></port><port protocol="tcp" portid="443"><state state="open"/><service name="https"/></port></ports></host></nmaprun>`,
    );
    const testsslFile = join(dir.path, "testssl.json");
    writeFileSync(
      testsslFile,
      JSON.stringify([
        { id: "TLS1", ip: "cam/192.0.2.10", port: "443", severity: "LOW", finding: "offered (deprecated)" },
        { id: "TLS1_2", ip: "cam/192.0.2.10", port: "443", severity: "OK", finding: "offered" },
        { id: "cert_keySize", ip: "cam/192.0.2.10", port: "443", severity: "HIGH", finding: "RSA 1024 bits" },
      ]),
    );
    const upload = ["--lang", "en", "--upload", "--server", url, "--token", token, "--product", productId];
    const nmap = spawnSync(process.execPath, [BIN, "probe", "import", "nmap", nmapFile, ...upload], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(nmap.status, nmap.stderr).toBe(0);
    expect(nmap.stderr).toMatch(/Filed as evidence \(\d+ records\)/);
    expect(JSON.parse(nmap.stdout)).toMatchObject({ profile: `import nmap ${nmapFile}` });
    const testssl = spawnSync(process.execPath, [BIN, "probe", "import", "testssl", testsslFile, ...upload], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(testssl.status, testssl.stderr).toBe(0);
    const missing = spawnSync(
      process.execPath,
      [BIN, "probe", "import", "nmap", nmapFile, "--upload", "--lang", "en"],
      {
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, JCSTAR_SERVER: "", JCSTAR_TOKEN: "" },
      },
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("--upload needs --server, --token, --product");
    const auth = { headers: { authorization: `Bearer ${token}` } };
    const runs = (await (await fetch(`${url}/api/products/${productId}/device-runs`, auth)).json()) as {
      origin: string;
      verdicts: { test: string; verdict: string }[];
    }[];
    const imports = runs.filter((r) => r.origin === "import");
    expect(imports.flatMap((r) => r.verdicts.map((v) => `${v.test}:${v.verdict}`)).sort()).toEqual([
      "ports 192.0.2.10:FAIL",
      "tls cam:443:FAIL",
    ]);
    const view = (await (await fetch(`${url}/api/assessments/${assessmentId}`, auth)).json()) as {
      results: { criterionId: string; evidence: { title: string }[] }[];
    };
    const titles = (id: string) =>
      view.results.find((r) => r.criterionId === id)?.evidence.map((e) => e.title) ?? [];
    expect(titles("S1.1-13").some((t) => t.startsWith("ports 192.0.2.10"))).toBe(true);
    expect(titles("S1.1-12").some((t) => t.startsWith("tls cam:443"))).toBe(true);
  }, 120_000);
});
