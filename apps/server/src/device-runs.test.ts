import { createServer, type Server } from "node:http";
import { createProduct, startJobWorker, writeDeviceTestAllowlist } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { importNmapXml, importTestsslJson } from "@jcstar/probes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildJobHandlers } from "./job-handlers.ts";
import { json, openTestApp, type TestApp, type TestUser } from "./test-app.ts";

const SECRET = `Web-admin-${process.pid}-${Date.now().toString(36)}`;

/** An HTTP Basic login on loopback that lets only admin:SECRET in, without any defence against guessing. */
function startBasicAuthDevice(): Promise<{ server: Server; port: number; requests: () => number }> {
  let count = 0;
  const expected = `Basic ${Buffer.from(`admin:${SECRET}`).toString("base64")}`;
  const server = createServer((req, res) => {
    count++;
    if (req.headers.authorization === expected)
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    else res.writeHead(401, { "www-authenticate": 'Basic realm="cam"' }).end("login");
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, port: (server.address() as { port: number }).port, requests: () => count }),
    ),
  );
}

const profile = (host: string, port: number) => `name: CAM web
host: ${host}
scan: { tcp: "${port}", udp: false }
services:
  - id: web
    protocol: http
    port: ${port}
    auth: { type: basic, path: /, username: admin, passwordSecret: web-admin }
defaultCredentials: { maxPairs: 3 }
bruteForce: { maxAttempts: 3, lockoutProbeSeconds: 0 }
`;

type Run = {
  id: string;
  status: string;
  origin: string;
  verdicts: { test: string; verdict: string }[];
  evidenceIds: string[];
  error: { code: string; message: { ja: string; en: string } } | null;
};

describe.each(testDialects())("device runs over HTTP on %s", (dialect) => {
  let t: TestApp;
  let editor: TestUser;
  let viewer: TestUser;
  let admin: TestUser;
  let productId = "";
  let device: Awaited<ReturnType<typeof startBasicAuthDevice>>;
  const bodies: string[] = [];

  beforeAll(async () => {
    t = await openTestApp(dialect);
    editor = await t.user("editor");
    viewer = await t.user("viewer");
    admin = await t.user(null, { instanceRole: "admin" });
    const ctx = { orgId: t.orgId, actor: { id: editor.id, name: "E" }, lang: "en" as const };
    productId = (await createProduct(t.deps, ctx, { name: "CAM", category: "camera" })).id;
    expect(
      (await t.app.request(`/api/products/${productId}/assessments`, json("POST", {}, editor.headers)))
        .status,
    ).toBe(201);
    device = await startBasicAuthDevice();
    // A new instance has an empty allowlist; the loopback device of this test is the lab.
    await writeDeviceTestAllowlist(t.db.db, null, { allowlist: ["127.0.0.0/8", "::1"] }, new Date());
  });
  afterAll(async () => {
    device?.server.close();
    await t?.close();
  });

  async function call(path: string, init: RequestInit = {}) {
    const res = await t.app.request(path, init);
    const text = await res.text();
    bodies.push(text);
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  it("secrets are write-only: stored, listed by name, never returned", async () => {
    const put = await call("/api/device-secrets/web-admin", json("PUT", { value: SECRET }, editor.headers));
    expect(put.status).toBe(200);
    expect(Object.keys(put.body).sort()).toEqual(["name", "updatedAt"]);
    expect(
      (await call("/api/device-secrets/web-admin", json("PUT", { value: "x" }, viewer.headers))).status,
    ).toBe(403);
    expect(
      (await call("/api/device-secrets/web-admin", json("PUT", { value: SECRET }, editor.headers))).status,
    ).toBe(200);
    const list = await t.app.request("/api/device-secrets", { headers: viewer.headers });
    const names = (await list.json()) as { name: string }[];
    expect(names.map((s) => s.name)).toEqual(["web-admin"]);
  });

  it("validates profile text with line and key, and stores only valid profiles", async () => {
    const check = await call(
      `/api/products/${productId}/device-profiles/validate`,
      json(
        "POST",
        { name: "x", source: "name: x\nhost: h\nservices:\n  - { id: w, protocol: http, port: 0 }\n" },
        editor.headers,
      ),
    );
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ valid: false, problems: [{ line: 4, key: "services[0].port" }] });
    const bad = await call(
      `/api/products/${productId}/device-profiles`,
      json(
        "POST",
        { name: "bad", source: "name: x\nhost: h\nnope: 1\n" },
        { ...editor.headers, "accept-language": "ja" },
      ),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({
      code: "DEVICE_PROFILE_INVALID",
      details: [{ path: "nope", message: expect.stringMatching(/^3 行 1 列: 不明なキーです/) }],
    });
    const good = await call(
      `/api/products/${productId}/device-profiles`,
      json("POST", { name: "lab", source: profile("127.0.0.1", device.port) }, editor.headers),
    );
    expect(good.status).toBe(201);
    expect(good.body).toMatchObject({ host: "127.0.0.1", secrets: ["web-admin"], version: 1 });
    const viewerList = await call(`/api/products/${productId}/device-profiles`, { headers: viewer.headers });
    expect(viewerList.status).toBe(200);
    expect(
      (
        await call(
          `/api/products/${productId}/device-profiles`,
          json("POST", { name: "v", source: profile("127.0.0.1", 1) }, viewer.headers),
        )
      ).status,
    ).toBe(403);
  });

  it("refuses a TEST-NET target with a clear error, queues nothing and sends nothing", async () => {
    const stored = await call(
      `/api/products/${productId}/device-profiles`,
      json("POST", { name: "test-net", source: profile("192.0.2.1", 80) }, editor.headers),
    );
    const before = await t.db.db.selectFrom("jobs").select("id").execute();
    const res = await call(
      `/api/products/${productId}/device-runs`,
      json("POST", { profileId: stored.body.id }, { ...editor.headers, "accept-language": "en" }),
    );
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: "DEVICE_TARGET_NOT_ALLOWED",
      message:
        "192.0.2.1 (192.0.2.1) is not on the administrator's device-test allowlist (127.0.0.0/8, ::1): the run was refused and nothing was sent.",
    });
    expect(await t.db.db.selectFrom("jobs").select("id").execute()).toEqual(before);
  });

  it("an editor starts a run; the job runs it against the loopback device and files it as evidence", async () => {
    const profiles = (await call(`/api/products/${productId}/device-profiles`, { headers: editor.headers }))
      .body as unknown as { id: string; name: string }[];
    const lab = profiles.find((p) => p.name === "lab");
    const queued = await call(
      `/api/products/${productId}/device-runs`,
      json("POST", { profileId: lab?.id, probes: ["default-credentials", "brute-force"] }, editor.headers),
    );
    expect(queued.status).toBe(201);
    expect(queued.body).toMatchObject({ status: "queued", origin: "server", host: "127.0.0.1" });
    const worker = startJobWorker(
      { db: t.db.db, now: t.deps.now, handlers: buildJobHandlers(t.deps) },
      { autostart: false },
    );
    expect(await worker.drain()).toBe(1);
    await worker.stop();
    const run = (await call(`/api/device-runs/${queued.body.id}`, { headers: viewer.headers }))
      .body as unknown as Run;
    expect(run.status).toBe("done");
    expect(Object.fromEntries(run.verdicts.map((v) => [v.test, v.verdict]))).toEqual({
      "default-credentials web": "PASS",
      "brute-force web": "FAIL",
    });
    expect(device.requests()).toBeGreaterThan(3);
    const results = await call(`/api/device-runs/${run.id}/results`, { headers: viewer.headers });
    const units = (
      results.body.results as { probe: string; units: { id: string; verdict: string }[]; log: unknown[] }[]
    ).find((r) => r.probe === "brute-force");
    expect(units?.units.find((u) => u.id === "valid-login")?.verdict).toBe("PASS");
    expect(units?.log.length).toBeGreaterThan(3);
    // Filed on the criterion: the brute-force FAIL blocks S1.1-04.
    const assessments = (await call(`/api/products/${productId}/assessments`, { headers: viewer.headers }))
      .body as unknown as { id: string }[];
    const view = (await call(`/api/assessments/${assessments[0]?.id}`, { headers: viewer.headers })).body as {
      results: { criterionId: string; evidence: { id: string }[] }[];
      readiness: { criteria: { criterionId: string; blockers: { code: string }[] }[] };
    };
    const s04 = view.results.find((r) => r.criterionId === "S1.1-04");
    expect(s04?.evidence.some((e) => run.evidenceIds.includes(e.id))).toBe(true);
    expect(
      view.readiness.criteria.find((c) => c.criterionId === "S1.1-04")?.blockers.map((b) => b.code),
    ).toContain("DEVICE_TEST_FAILED");
    const listed = (await call(`/api/products/${productId}/device-runs`, { headers: viewer.headers }))
      .body as unknown as Run[];
    expect(listed[0]?.id).toBe(run.id);
  }, 60_000);

  it("imported nmap / testssl.sh results are listed as imports with their findings", async () => {
    const nmap = importNmapXml(
      `<?xml version="1.0"?><nmaprun scanner="nmap" args="nmap -oX x 192.0.2.10" start="1764133200" version="7.93"><host><status state="up"/><address addr="192.0.2.10" addrtype="ipv4"/><ports><port protocol="tcp" portid="23"><state state="open"/><service name="telnet"/></port></ports></host></nmaprun>`,
      { file: "cam.xml" },
    );
    const filed = await call(`/api/products/${productId}/probe-runs`, json("POST", nmap, editor.headers));
    expect(filed.status).toBe(201);
    const testssl = importTestsslJson(
      JSON.stringify([
        { id: "cert_keySize", ip: "cam/192.0.2.10", port: "443", severity: "HIGH", finding: "RSA 1024 bits" },
      ]),
      { file: "t.json" },
    );
    expect(
      (await call(`/api/products/${productId}/probe-runs`, json("POST", testssl, editor.headers))).status,
    ).toBe(201);
    const runs = (await call(`/api/products/${productId}/device-runs`, { headers: viewer.headers }))
      .body as unknown as Run[];
    const imported = runs.filter((r) => r.origin === "import");
    expect(imported).toHaveLength(2);
    const results = (await call(`/api/device-runs/${filed.body.runId}/results`, { headers: viewer.headers }))
      .body as {
      results: { findings: { openTcpPorts: number[] } }[];
    };
    expect(results.results[0]?.findings.openTcpPorts).toEqual([23]);
  });

  it("the allowlist is edited by instance admins only (signed in, not by token), and entries are checked", async () => {
    const session = { ...(await t.session(admin.id)) };
    expect((await call("/api/admin/device-test-allowlist", { headers: admin.headers })).status).toBe(403);
    expect((await call("/api/admin/device-test-allowlist", { headers: editor.headers })).status).toBe(403);
    expect((await call("/api/admin/device-test-allowlist", { headers: session })).body).toEqual({
      allowlist: ["127.0.0.0/8", "::1"],
    });
    const bad = await call(
      "/api/admin/device-test-allowlist",
      json("PUT", { allowlist: ["10.0.0.0/99"] }, session),
    );
    expect(bad.status).toBe(400);
    const ok = await call(
      "/api/admin/device-test-allowlist",
      json("PUT", { allowlist: ["127.0.0.1", "192.168.10.0/24", "cam.lab.example"] }, session),
    );
    expect(ok.body).toEqual({ allowlist: ["127.0.0.1", "192.168.10.0/24", "cam.lab.example"] });
    expect(
      (await call("/api/admin/device-test-allowlist", json("PUT", { allowlist: [] }, editor.headers))).status,
    ).toBe(403);
  });

  it("never returned the secret in any response", () => {
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) expect(body).not.toContain(SECRET);
  });
});
