import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedLabProduct } from "./lab-product.testing.ts";
import { startServe } from "./serve.testing.ts";

const MiB = 1024 * 1024;

/** A probe run of about `mib` MiB, most of it brute-force log lines (the shape that costs most as objects). */
function bigRun(mib: number): Buffer {
  const entry = (i: number) => ({
    at: "2026-11-30T10:00:00.000Z",
    event: "attempt",
    user: `admin${i % 50}`,
    password: `pw-${i}-xxxxxxxxxxxxxxxx`,
    outcome: "refused",
  });
  const perResult = 100_000;
  const results = [];
  const lineBytes = JSON.stringify(entry(50_000)).length + 1;
  for (let r = 0; r * perResult * lineBytes < mib * MiB; r++) {
    results.push({
      probe: "brute-force",
      service: `svc${r}`,
      criteria: ["S1.1-02"],
      verdict: "PASS",
      summary: { ja: "ロックアウトを確認", en: "lockout seen" },
      findings: { attempts: perResult },
      units: [],
      log: Array.from({ length: perResult }, (_, i) => entry(i)),
    });
  }
  const run = {
    tool: "jcstar",
    version: "0.1.0",
    profile: "memory",
    host: "192.0.2.10",
    startedAt: "2026-11-30T10:00:00Z",
    finishedAt: "2026-11-30T10:05:00Z",
    results,
  };
  return Buffer.from(JSON.stringify(run));
}

/** The peak resident memory of a process so far (VmHWM), in bytes. */
function peakMemory(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

function post(url: string, token: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "content-length": String(body.length),
      },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (d: Buffer) => {
        text += d.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("a 60 MiB probe run costs about its size in server memory", () => {
  const dir = tempDir();
  const data = join(dir.path, "data");
  let server: ChildProcess;
  let url = "";
  let token = "";
  let productId = "";

  beforeAll(async () => {
    ({ token, productId } = await seedLabProduct(data, { name: "GW-1", category: "router" }));
    ({ child: server, url } = await startServe(data, {
      ...process.env,
      DATABASE_URL: "",
      JCSTAR_DATA_DIR: data,
    }));
  }, 120_000);
  afterAll(() => {
    server?.kill("SIGTERM");
    dir.cleanup();
  });

  it("files it with a peak (VmHWM) growth under 2× the body", async () => {
    const target = `${url}/api/products/${productId}/probe-runs`;
    // A small run first: code loaded on first use is not the body's cost.
    const warm = await post(target, token, bigRun(1));
    expect(warm.status, warm.body).toBe(201);
    const body = bigRun(60);
    expect(body.length).toBeGreaterThan(59 * MiB);
    const pid = server.pid ?? 0;
    const before = peakMemory(pid);
    const filed = await post(target, token, body);
    expect(filed.status, filed.body.slice(0, 300)).toBe(201);
    const growth = peakMemory(pid) - before;
    console.log(
      `probe run ${(body.length / MiB).toFixed(1)} MiB: server VmHWM +${(growth / MiB).toFixed(0)} MiB`,
    );
    expect(growth).toBeLessThan(2 * body.length);
  }, 180_000);
});
