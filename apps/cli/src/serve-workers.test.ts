import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { join, resolve } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";

const BIN = resolve(import.meta.dirname, "../bin/jcstar.js");

/** The `jcstar serve` worker processes whose parent is pid (read from /proc, not from jcstar). */
function workerPids(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (ppid === pid && cmdline.includes("jcstar.js")) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found.sort();
}

/** Which processes own the server side of the established TCP connections on port (from /proc/net/tcp). */
function connectionOwners(port: number, pids: number[]): Map<number, number> {
  const portHex = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1]?.endsWith(`:${portHex}`) && f[3] === "01" && f[9]) inodes.add(f[9]);
  }
  const owners = new Map<number, number>();
  for (const pid of pids) {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode && inodes.has(inode)) owners.set(pid, (owners.get(pid) ?? 0) + 1);
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return owners;
}

/** A keep-alive connection that has had one answered /api/health request (so a worker holds it). */
function openKeptConnection(port: number): Promise<Socket> {
  return new Promise((resolvePromise, reject) => {
    const socket = connect({ host: "127.0.0.1", port }, () => {
      socket.write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n");
    });
    let got = "";
    socket.on("data", (chunk) => {
      got += chunk.toString();
      if (got.includes('{"status":"ok"}')) resolvePromise(socket);
    });
    socket.once("error", reject);
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once("exit", (code) => r(code)));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("jcstar serve --workers", () => {
  const dirs: { cleanup: () => void }[] = [];
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    for (const d of dirs) d.cleanup();
  });

  it("serves one port from two workers, prints the setup token once, replaces a dead worker and stops on SIGTERM", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const child = spawn(
      process.execPath,
      [BIN, "serve", "--workers", "2", "--port", "0", "--data", join(dir.path, "data")],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    children.push(child);
    let out = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr?.on("data", (c: Buffer) => {
      out += c.toString();
    });
    const url = await waitFor(
      "the listening line",
      () => /listening on (http:\/\/\S+)/.exec(out)?.[1],
      60_000,
    );
    const port = Number(new URL(url).port);
    expect(port).toBeGreaterThan(0);
    expect(out).toMatch(/2 workers/);
    const primary = child.pid ?? 0;
    const workers = workerPids(primary);
    expect(workers).toHaveLength(2);

    // Both workers take connections on the one port: six kept-open connections spread over both processes.
    const sockets = await Promise.all([1, 2, 3, 4, 5, 6].map(() => openKeptConnection(port)));
    const owners = connectionOwners(port, workers);
    for (const s of sockets) s.destroy();
    expect([...owners.keys()].sort()).toEqual(workers);
    expect([...owners.values()].reduce((a, b) => a + b, 0)).toBe(6);

    // The one-time start work ran once: one setup token, printed once (the primary prepared it).
    await new Promise((r) => setTimeout(r, 500));
    expect(out.match(/setup token/g)).toHaveLength(1);
    const token = /\n {4}(\S+)\n/.exec(out)?.[1] ?? "";
    expect(token.length).toBeGreaterThan(10);
    expect(out.split(token).length - 1).toBe(1);

    // A worker that dies is logged and replaced; the port keeps answering.
    const [victim] = workers;
    process.kill(victim ?? 0, "SIGKILL");
    const replaced = await waitFor("a replacement worker", () => {
      const now = workerPids(primary);
      return now.length === 2 && !now.includes(victim ?? 0) ? now : undefined;
    });
    expect(out).toMatch(new RegExp(`worker ${victim} died`));
    for (let i = 0; i < 4; i++) {
      const health = await fetch(`${url}/api/health`, { headers: { connection: "close" } });
      expect(await health.json()).toEqual({ status: "ok" });
    }

    // SIGTERM on the primary ends every process, with exit code 0.
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
    for (const pid of [...workers, ...replaced]) expect(alive(pid), `worker ${pid}`).toBe(false);
  }, 120_000);

  it("gives up with a non-zero exit when workers keep dying (the port is taken)", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen({ host: "127.0.0.1", port: 0 }, () => r()));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const child = spawn(
        process.execPath,
        [BIN, "serve", "--workers", "2", "--port", String(taken), "--data", join(dir.path, "data")],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      children.push(child);
      let out = "";
      child.stdout?.on("data", (c: Buffer) => {
        out += c.toString();
      });
      child.stderr?.on("data", (c: Buffer) => {
        out += c.toString();
      });
      const code = await Promise.race([
        exited(child),
        new Promise((r) => setTimeout(() => r("timeout"), 100_000)),
      ]);
      expect(code, out).toBe(1);
      expect(out).toMatch(/giving up/);
      expect(out).not.toMatch(/listening on/);
      expect(workerPids(child.pid ?? 0)).toEqual([]);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 150_000);

  it("rejects a worker count outside 1-64", () => {
    const res = spawnSync(process.execPath, [BIN, "serve", "--workers", "0"], { encoding: "utf8" });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/workers must be 1-64/);
  });
});
