import { execFile } from "node:child_process";
import { connect, createServer, type Server } from "node:net";
import { freePort, requireTool, which } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanTcp } from "./tcp-scan.ts";

const nmap = which("nmap");
const haveNmap = requireTool("nmap", nmap !== null, "nmap not installed (apt install nmap)");

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      socket.on("error", () => {});
      socket.end();
    });
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

/** Open ports nmap's connect scan finds on 127.0.0.1 (grepable output). */
function nmapOpen(ports: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    execFile(
      nmap as string,
      ["-sT", "-Pn", "-n", "-T4", "-p", ports, "-oG", "-", "127.0.0.1"],
      { timeout: 120_000 },
      (error, stdout) => {
        if (error) return reject(error);
        const line = stdout.split("\n").find((l) => l.includes("Ports:")) ?? "";
        const open = [...line.matchAll(/(\d+)\/open\/tcp/g)].map((m) => Number(m[1]));
        resolve(open.sort((a, b) => a - b));
      },
    );
  });
}

describe("TCP connect scan", () => {
  const servers: Server[] = [];
  let open: number[] = [];
  let closed: number[] = [];

  beforeAll(async () => {
    open = (await Promise.all([freePort(), freePort(), freePort()])).sort((a, b) => a - b);
    for (const port of open) servers.push(await listen(port));
    closed = (await Promise.all([freePort(), freePort(), freePort()])).filter((p) => !open.includes(p));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  it("finds exactly the listening ports among listening and closed ones", async () => {
    const result = await scanTcp({ host: "127.0.0.1", ports: [...open, ...closed], timeoutMs: 1000 });
    expect(result.open).toEqual(open);
    expect(result.closedCount).toBe(closed.length);
    expect(result.filtered).toEqual([]);
  });

  it("does not count a socket connected to itself as an open port", async () => {
    // Force the loopback self-connect: bind the local port to the target port, so that the
    // kernel's simultaneous open joins the socket to itself. Every such port must be reported as
    // a self-connect, not as open.
    const targets = closed.slice(0, 2).sort((a, b) => a - b);
    const result = await scanTcp({
      host: "127.0.0.1",
      ports: targets,
      connect: (host, port) => connect({ host, port, localAddress: "127.0.0.1", localPort: port }),
    });
    expect(result.open).toEqual([]);
    expect(result.selfConnects).toEqual(targets);
  });

  it("stops at the deadline and reports what it did not scan", async () => {
    const result = await scanTcp({
      host: "127.0.0.1",
      ports: [...open, ...closed],
      deadline: Date.now() - 1,
    });
    expect(result.open).toEqual([]);
    expect(result.notScanned).toHaveLength(open.length + closed.length);
  });

  it("worker threads find the same ports with libuv handles and with net.Socket", {
    timeout: 60_000,
  }, async () => {
    const ports = [...Array.from({ length: 8192 }, (_, i) => i + 1), ...open];
    const fast = await scanTcp({ host: "127.0.0.1", ports, threads: 2 });
    const sockets = await scanTcp({ host: "127.0.0.1", ports, threads: 2, fastPath: false });
    expect(fast.open).toEqual(sockets.open);
    for (const port of open) expect(fast.open).toContain(port);
    expect(fast.closedCount + fast.open.length + fast.selfConnects.length).toBe(new Set(ports).size);
  });

  it.skipIf(!haveNmap)(
    "finds the same open ports as nmap -sT over 1-65535 (worker threads)",
    { timeout: 120_000 },
    async () => {
      // Other test files open and close servers at the same time: compare on ports that are stable
      // during the run (below 32768, where freePort() never lands, plus our own servers).
      const ours = await scanTcp({
        host: "127.0.0.1",
        ports: Array.from({ length: 65535 }, (_, i) => i + 1),
      });
      const stable = (list: number[]) => list.filter((p) => p < 32768 || open.includes(p));
      const spec = `1-32767,${open.join(",")}`;
      const theirs = await nmapOpen(spec);
      expect(stable(ours.open)).toEqual(theirs);
      for (const port of open) expect(ours.open).toContain(port);
      expect(ours.notScanned).toEqual([]);
    },
  );
});
