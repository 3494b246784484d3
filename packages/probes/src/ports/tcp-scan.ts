import { connect } from "node:net";
import { availableParallelism } from "node:os";
import { scanChunkInWorker } from "./tcp-worker.ts";

/** Opens a TCP connection; injectable so tests can force odd cases (e.g. self-connects). */
export type ConnectFn = (host: string, port: number) => import("node:net").Socket;

/** Options of scanTcp(). */
export interface TcpScanOptions {
  host: string;
  ports: readonly number[];
  /** Connections in flight at once, over all threads (default 512). */
  concurrency?: number;
  /** Worker threads for large scans (default: CPU count, at most 4; 1 = scan in this thread). */
  threads?: number;
  /** Time to wait for one connection in ms (default 1500); a silent port is retried once. */
  timeoutMs?: number;
  /** Epoch ms after which no new connection is started; remaining ports are reported `notScanned`. */
  deadline?: number;
  /** Called now and then with the number of ports done. */
  onProgress?: (done: number, total: number) => void;
  connect?: ConnectFn;
  /**
   * Worker threads use libuv TCP handles directly when Node exposes them (about half the CPU per
   * port of net.Socket); false forces net.Socket. Default true.
   */
  fastPath?: boolean;
}

/** Outcome of scanTcp(). Ports are sorted ascending. */
export interface TcpScanResult {
  open: number[];
  /** Ports that never answered within the timeout, twice (nmap's "filtered"). */
  filtered: number[];
  /** Ports where the socket connected to itself (local port == remote port): not open. */
  selfConnects: number[];
  closedCount: number;
  /** Ports skipped because the deadline passed. */
  notScanned: number[];
  /** Other errors by port (e.g. EHOSTUNREACH). */
  errors: Record<number, string>;
  durationMs: number;
}

type PortState = "open" | "closed" | "filtered" | "self" | string;

const defaultConnect: ConnectFn = (host, port) => connect({ host, port });

/**
 * TCP connect scan (like `nmap -sT`) of `ports` on `host` with bounded concurrency, a per-connection
 * timeout and at most two attempts per port. A connection whose local and remote endpoints are
 * the same socket (possible over loopback when the port lies in the ephemeral range) is not an open port.
 */
export async function scanTcp(options: TcpScanOptions): Promise<TcpScanResult> {
  const started = Date.now();
  const { host, ports } = options;
  const timeoutMs = options.timeoutMs ?? 1500;
  const open = (options.connect ?? defaultConnect) as ConnectFn;
  const result: TcpScanResult = {
    open: [],
    filtered: [],
    selfConnects: [],
    closedCount: 0,
    notScanned: [],
    errors: {},
    durationMs: 0,
  };
  const retry: number[] = [];
  const record = (port: number, state: PortState, final: boolean) => {
    if (state === "open") result.open.push(port);
    else if (state === "closed") result.closedCount++;
    else if (state === "self") result.selfConnects.push(port);
    else if (state === "filtered") (final ? result.filtered : retry).push(port);
    else result.errors[port] = state;
  };
  let done = 0;
  const pass = async (list: readonly number[], wait: number, final: boolean) => {
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const port = list[next++] as number;
        if (options.deadline !== undefined && Date.now() > options.deadline) {
          result.notScanned.push(port);
          continue;
        }
        record(port, await probePort(open, host, port, wait), final);
        done++;
        if (done % 1024 === 0) options.onProgress?.(done, ports.length);
      }
    };
    const workers = Math.max(1, Math.min(options.concurrency ?? 512, list.length));
    await Promise.all(Array.from({ length: workers }, worker));
  };
  const threads = options.connect ? 1 : Math.max(1, Math.min(options.threads ?? availableParallelism(), 4));
  if (threads > 1 && ports.length >= 4096) {
    const chunks: number[][] = Array.from({ length: threads }, () => []);
    ports.forEach((port, i) => {
      chunks[i % threads]?.push(port);
    });
    const concurrency = Math.max(1, Math.floor((options.concurrency ?? 512) / threads));
    const parts = await Promise.all(
      chunks.map((chunk) =>
        scanChunkInWorker(
          {
            host,
            ports: chunk,
            concurrency,
            timeoutMs,
            deadline: options.deadline ?? null,
            rawHandles: options.fastPath !== false,
          },
          (n) => {
            done += n;
            options.onProgress?.(done, ports.length);
          },
        ),
      ),
    );
    for (const part of parts) {
      result.open.push(...part.open);
      result.selfConnects.push(...part.self);
      result.closedCount += part.closed;
      result.notScanned.push(...part.notScanned);
      retry.push(...part.silent);
      Object.assign(result.errors, part.errors);
    }
    done = ports.length - retry.length;
  } else {
    await pass(ports, timeoutMs, false);
  }
  if (retry.length > 0) {
    done = ports.length - retry.length;
    await pass(
      retry.sort((a, b) => a - b),
      timeoutMs * 2,
      true,
    );
  }
  options.onProgress?.(ports.length, ports.length);
  for (const list of [result.open, result.filtered, result.selfConnects, result.notScanned])
    list.sort((a, b) => a - b);
  result.durationMs = Date.now() - started;
  return result;
}

function probePort(open: ConnectFn, host: string, port: number, timeoutMs: number): Promise<PortState> {
  return new Promise((resolve) => {
    let settled = false;
    const socket = open(host, port);
    const settle = (state: PortState) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(state);
    };
    const timer = setTimeout(() => settle("filtered"), timeoutMs);
    socket.once("connect", () => {
      const self = socket.localPort === socket.remotePort && socket.localAddress === socket.remoteAddress;
      settle(self ? "self" : "open");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED" || error.code === "ECONNRESET") settle("closed");
      else if (error.code === "ETIMEDOUT") settle("filtered");
      else settle(error.code ?? "error");
    });
  });
}
