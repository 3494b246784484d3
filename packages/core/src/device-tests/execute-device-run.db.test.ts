import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Socket as UdpSocket } from "node:dgram";
import { readFileSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server, Socket } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { startServer, type TestServer, waitForPort } from "@jcstar/probes/testing/processes";
import { freePort, requireTool, tempDir, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAssessment } from "../assessment/assessment.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { claimJob } from "../jobs/jobs.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { createProduct } from "../product/product.ts";
import { keyIdOf } from "../secrets/instance-key.ts";
import { blobPath } from "../vault/blob-store.ts";
import { writeDeviceTestAllowlist } from "./allowlist-settings.ts";
import { createDeviceProfile } from "./device-profiles.ts";
import { getDeviceRun, requestDeviceRun } from "./device-runs.ts";
import { setDeviceSecret } from "./device-secrets.ts";
import { executeDeviceRun } from "./execute-device-run.ts";
import { buildPlatformEndpoints } from "./platform-endpoints.ts";

const mosquitto = which("mosquitto");
const mosquittoPasswd = which("mosquitto_passwd");
const haveMosquitto = requireTool(
  "mosquitto",
  mosquitto !== null && mosquittoPasswd !== null,
  "mosquitto or mosquitto_passwd not installed (apt install mosquitto)",
);

const profile = (port: number, host = "127.0.0.1") => `name: broker lab unit
host: ${host}
scan: { tcp: "${port}", udp: false }
services:
  - id: broker
    protocol: mqtt
    port: ${port}
    auth: { username: device, passwordSecret: broker-pw }
defaultCredentials: { maxPairs: 3 }
bruteForce: { maxAttempts: 4, lockoutProbeSeconds: 0, attemptTimeoutMs: 3000 }
`;

describe.each(testDialects())("server-side device run (job) against loopback servers on %s", (dialect) => {
  const dir = tempDir("jcstar-devrun-");
  let t: TestDb;
  let ctx: RequestContext;
  let productId = "";
  let server: TestServer | undefined;
  let open = 0;
  let locked = 0;
  const secret = `Broker-${randomBytes(8).toString("hex")}`;
  const key = randomBytes(32);
  const instanceKey = { key, keyId: keyIdOf(key), source: "env" as const };
  const now = () => new Date();
  const platform = buildPlatformEndpoints({
    listen: [],
    databaseUrl: dialect === "postgres" ? process.env.TEST_DATABASE_URL : undefined,
    interfaces: networkInterfaces(),
  });
  const deps = () => ({
    db: t.db,
    now,
    platform,
    instanceKey,
    catalog: loadCatalog(),
    blobs: { root: dir.path },
    maxUploadBytes: 64 * 1024 * 1024,
  });

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const org = await createOrganisation(t.db, "Maker", now());
    ctx = { orgId: org.id, actor: { id: null, name: "Tester" }, lang: "en" };
    productId = (await createProduct(deps(), ctx, { name: "BRK-1", category: "router" })).id;
    await createAssessment(deps(), ctx, productId);
    await setDeviceSecret(deps(), ctx, "broker-pw", { value: secret });
    // New instances start with an empty allowlist; these loopback servers are the lab.
    await writeDeviceTestAllowlist(t.db, null, { allowlist: ["127.0.0.0/8", "::1"] }, now());
    if (!haveMosquitto) return;
    [open, locked] = [await freePort(), await freePort()];
    const passwd = join(dir.path, "passwd");
    execFileSync(mosquittoPasswd as string, ["-c", "-b", passwd, "device", secret], { stdio: "ignore" });
    const conf = join(dir.path, "mosquitto.conf");
    writeFileSync(
      conf,
      [
        "user root",
        "persistence false",
        "log_dest stderr",
        "per_listener_settings true",
        `listener ${open} 127.0.0.1`,
        "allow_anonymous true",
        `listener ${locked} 127.0.0.1`,
        "allow_anonymous false",
        `password_file ${passwd}`,
        "",
      ].join("\n"),
    );
    server = await startServer(mosquitto as string, ["-c", conf], open);
    await waitForPort(locked);
  });
  afterAll(async () => {
    await server?.stop();
    await t?.dispose();
    dir.cleanup();
  });

  async function runThroughJob(source: string, name: string) {
    const stored = await createDeviceProfile(deps(), ctx, productId, { name, source });
    const queued = await requestDeviceRun(deps(), ctx, productId, {
      profileId: stored.id,
      probes: ["default-credentials", "brute-force"],
    });
    const job = await claimJob(t.db, { kinds: ["device-run"], workerId: "test", leaseMs: 60_000 }, now());
    expect(job?.id).toBe(queued.jobId);
    return { queued, job: job as NonNullable<typeof job> };
  }

  it.skipIf(!haveMosquitto)(
    "password file: the secret logs in, defaults are refused; filed as evidence; the secret is nowhere",
    async () => {
      const { queued, job } = await runThroughJob(profile(locked), "locked broker");
      const out = await executeDeviceRun(deps(), job);
      expect(out.status).toBe("done");
      const run = await getDeviceRun(deps(), ctx, queued.id);
      expect(run.status).toBe("done");
      expect(Object.fromEntries(run.verdicts.map((v) => [v.test, v.verdict]))).toMatchObject({
        "default-credentials broker": "PASS",
        "brute-force broker": "FAIL",
      });
      const row = await t.db
        .selectFrom("device_runs")
        .select("results_sha256")
        .where("id", "=", run.id)
        .executeTakeFirstOrThrow();
      const results = readFileSync(blobPath({ root: dir.path }, row.results_sha256 as string), "utf8");
      const parsed = JSON.parse(results) as {
        results: { probe: string; units: { id: string; verdict: string }[] }[];
      };
      const brute = parsed.results.find((r) => r.probe === "brute-force");
      // The valid password came from the secret store: the broker let it in.
      expect(brute?.units.find((u) => u.id === "valid-login")?.verdict).toBe("PASS");
      expect(run.evidenceIds.length).toBeGreaterThanOrEqual(4);
      // Never in the results, the evidence, the run, the job, the audit log — only sealed in `secrets`.
      expect(results).not.toContain(secret);
      for (const table of ["evidence", "device_runs", "jobs", "audit_entries", "device_profiles"] as const) {
        const rows = await t.db.selectFrom(table).selectAll().execute();
        expect(JSON.stringify(rows), table).not.toContain(secret);
      }
      const links = await t.db
        .selectFrom("evidence_links")
        .innerJoin("criterion_results", "criterion_results.id", "evidence_links.result_id")
        .select("criterion_results.criterion_id")
        .where("evidence_links.evidence_id", "in", run.evidenceIds)
        .execute();
      expect(new Set(links.map((l) => l.criterion_id))).toEqual(new Set(["S1.1-01", "S1.1-02", "S1.1-04"]));
    },
    120_000,
  );

  it.skipIf(!haveMosquitto)(
    "anonymous listener: the default-credentials result FAILs",
    async () => {
      const { queued, job } = await runThroughJob(profile(open), "open broker");
      await executeDeviceRun(deps(), job);
      const run = await getDeviceRun(deps(), ctx, queued.id);
      expect(run.verdicts.find((v) => v.test === "default-credentials broker")?.verdict).toBe("FAIL");
    },
    120_000,
  );

  it("the job checks the allowlist again: narrowed since the request, nothing is sent", async () => {
    let connections = 0;
    const counter: Server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => counter.listen(0, "127.0.0.1", resolve));
    const port = (counter.address() as { port: number }).port;
    try {
      await writeDeviceTestAllowlist(t.db, null, { allowlist: ["127.0.0.0/8"] }, now());
      const { queued, job } = await runThroughJob(profile(port), "narrowed");
      await writeDeviceTestAllowlist(t.db, null, { allowlist: ["10.0.0.0/8"] }, now());
      await expect(executeDeviceRun(deps(), job)).rejects.toThrow(/DEVICE_TARGET_NOT_ALLOWED/);
      const run = await getDeviceRun(deps(), ctx, queued.id);
      expect(run.status).toBe("failed");
      expect(run.error?.code).toBe("DEVICE_TARGET_NOT_ALLOWED");
      expect(run.error?.message.ja).toContain("何も送信していません");
      expect(connections).toBe(0);
    } finally {
      await writeDeviceTestAllowlist(t.db, null, { allowlist: ["127.0.0.0/8", "::1"] }, now());
      counter.close();
    }
  });

  it("the job refuses the server's own port (queued before it listened there), nothing is sent", async () => {
    let connections = 0;
    const own: Server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => own.listen(0, "127.0.0.1", resolve));
    const port = (own.address() as { port: number }).port;
    try {
      const { queued, job } = await runThroughJob(profile(port, "localhost"), "own port");
      const serving = buildPlatformEndpoints({
        listen: [{ host: "0.0.0.0", port }],
        interfaces: networkInterfaces(),
      });
      await expect(executeDeviceRun({ ...deps(), platform: serving }, job)).rejects.toThrow(
        /DEVICE_TARGET_PLATFORM/,
      );
      const run = await getDeviceRun(deps(), ctx, queued.id);
      expect(run.status).toBe("failed");
      expect(run.error?.code).toBe("DEVICE_TARGET_PLATFORM");
      expect(run.error?.message.en).toContain(`port ${port}) is this platform's own server`);
      expect(connections).toBe(0);
    } finally {
      own.close();
    }
  });

  it("a TEST-NET target that slipped into the queue is refused by the job before any packet", async () => {
    const stored = await createDeviceProfile(deps(), ctx, productId, {
      name: "testnet",
      source: profile(1883, "192.0.2.1"),
    });
    // Put the run straight into the queue, as a stale request would be, bypassing the request-time check.
    await writeDeviceTestAllowlist(t.db, null, { allowlist: ["192.0.2.0/24"] }, now());
    const queued = await requestDeviceRun(deps(), ctx, productId, { profileId: stored.id });
    await writeDeviceTestAllowlist(t.db, null, { allowlist: ["127.0.0.0/8", "::1"] }, now());
    const job = await claimJob(t.db, { kinds: ["device-run"], workerId: "test", leaseMs: 60_000 }, now());
    // Record every TCP connection and UDP datagram this process starts while the job runs.
    const sent: string[] = [];
    const tcpConnect = Socket.prototype.connect;
    const udpSend = UdpSocket.prototype.send;
    Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
      sent.push(`tcp ${JSON.stringify(args[0])} ${JSON.stringify(args[1] ?? null)}`);
      return (tcpConnect as (...a: unknown[]) => Socket).apply(this, args);
    } as typeof tcpConnect;
    UdpSocket.prototype.send = function (this: UdpSocket, ...args: unknown[]) {
      sent.push(`udp ${JSON.stringify(args.slice(1, 4))}`);
      return (udpSend as (...a: unknown[]) => void).apply(this, args);
    } as typeof udpSend;
    const started = Date.now();
    try {
      await expect(executeDeviceRun(deps(), job as NonNullable<typeof job>)).rejects.toThrow(
        /192\.0\.2\.1 \(192\.0\.2\.1\) is not on the administrator's device-test allowlist/,
      );
      // The recorder works: a connection made now is seen.
      const probe = connect({ host: "127.0.0.1", port: 9 });
      probe.on("error", () => {});
      probe.destroy();
    } finally {
      Socket.prototype.connect = tcpConnect;
      UdpSocket.prototype.send = udpSend;
    }
    expect(sent.some((line) => line.includes("127.0.0.1"))).toBe(true);
    expect(sent.filter((line) => line.includes("192.0.2.1"))).toEqual([]);
    expect(sent).toHaveLength(1);
    // Refused at once: not the multi-second timeout of a connection attempt to an unrouted address.
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await getDeviceRun(deps(), ctx, queued.id)).error?.code).toBe("DEVICE_TARGET_NOT_ALLOWED");
  });
  it("stopping the worker interrupts a run at once; a run whose job died shows as failed", async () => {
    // A device that accepts connections and never answers: the probe would wait for its own time limits.
    const held: Socket[] = [];
    const silent: Server = createServer((socket) => {
      held.push(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const source = `name: silent\nhost: 127.0.0.1\nscan: { tcp: "${port}", udp: false }\nservices:\n  - { id: web, protocol: http, port: ${port}, auth: { type: basic, username: admin, passwordSecret: broker-pw } }\ndefaultCredentials: { maxPairs: 1, attemptTimeoutMs: 1500 }\n`;
      const stored = await createDeviceProfile(deps(), ctx, productId, { name: "silent", source });
      const queued = await requestDeviceRun(deps(), ctx, productId, {
        profileId: stored.id,
        probes: ["default-credentials"],
      });
      const job = await claimJob(t.db, { kinds: ["device-run"], workerId: "test", leaseMs: 60_000 }, now());
      expect(job?.id).toBe(queued.jobId);
      const stop = new AbortController();
      const running = executeDeviceRun(deps(), job as NonNullable<typeof job>, stop.signal);
      await new Promise((r) => setTimeout(r, 300));
      expect((await getDeviceRun(deps(), ctx, queued.id)).status).toBe("running");
      const started = Date.now();
      stop.abort();
      await expect(running).rejects.toThrow(/DEVICE_RUN_INTERRUPTED/);
      expect(Date.now() - started).toBeLessThan(500);
      const run = await getDeviceRun(deps(), ctx, queued.id);
      expect(run).toMatchObject({ status: "failed", error: { code: "DEVICE_RUN_INTERRUPTED" } });

      // A queued run whose job failed for good (its worker died and the lease ran out) is not "running" forever.
      const orphan = await requestDeviceRun(deps(), ctx, productId, { profileId: stored.id });
      expect((await getDeviceRun(deps(), ctx, orphan.id)).status).toBe("queued");
      await t.db
        .updateTable("jobs")
        .set({ status: "failed", error: "lease expired with no attempts left" })
        .where("id", "=", orphan.jobId as string)
        .execute();
      expect(await getDeviceRun(deps(), ctx, orphan.id)).toMatchObject({
        status: "failed",
        error: { code: "DEVICE_RUN_INTERRUPTED" },
      });
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
  }, 30_000);
});
