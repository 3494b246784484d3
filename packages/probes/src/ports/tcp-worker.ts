import { Worker } from "node:worker_threads";

/** What one worker reports for its share of the ports. */
export interface ChunkResult {
  open: number[];
  silent: number[];
  self: number[];
  closed: number;
  errors: Record<number, string>;
  notScanned: number[];
}

/** Input of one worker. */
export interface ChunkInput {
  host: string;
  ports: number[];
  concurrency: number;
  timeoutMs: number;
  deadline: number | null;
  /** Use libuv TCP handles directly (faster) when available; false forces net.Socket. */
  rawHandles: boolean;
}

// Plain JavaScript run with `eval: true`, so that the worker needs no TypeScript loader.
// Keep it in step with probePort() in tcp-scan.ts.
const WORKER_SOURCE = `
const net = require("node:net");
const { getSystemErrorName } = require("node:util");
const { parentPort, workerData } = require("node:worker_threads");
const { host, ports, concurrency, timeoutMs, deadline, rawHandles } = workerData;
const out = { open: [], silent: [], self: [], closed: 0, errors: {}, notScanned: [] };
let next = 0, active = 0, doneCount = 0, finished = false;
function finishOne(port, state) {
  if (state === "open") out.open.push(port);
  else if (state === "closed") out.closed++;
  else if (state === "self") out.self.push(port);
  else if (state === "filtered") out.silent.push(port);
  else out.errors[port] = state;
  active--;
  if (++doneCount % 2048 === 0) parentPort.postMessage({ progress: 2048 });
  if (next >= ports.length && active === 0) { if (!finished) { finished = true; clearInterval(sweeper); parentPort.postMessage(out); } }
  else pump();
}
function errorState(code) {
  if (code === "ECONNREFUSED" || code === "ECONNRESET") return "closed";
  if (code === "ETIMEDOUT") return "filtered";
  return code || "error";
}
// Fast path: libuv TCP handles without the stream machinery of net.Socket (about half the CPU per
// port). Falls back to net.Socket when the binding is not available.
let raw = null;
try {
  const binding = process.binding("tcp_wrap");
  if (binding && binding.TCP && binding.TCPConnectWrap) raw = binding;
} catch {}
const pending = new Map();
const sweeper = setInterval(() => {
  const now = Date.now();
  for (const [key, entry] of pending) if (now - entry.started > timeoutMs) entry.settle("filtered");
}, Math.max(20, Math.min(250, timeoutMs / 4)));
function connectRaw(port) {
  const handle = new raw.TCP(raw.constants.SOCKET);
  const req = new raw.TCPConnectWrap();
  let settled = false;
  const entry = { started: Date.now(), settle: (state) => {
    if (settled) return;
    settled = true;
    pending.delete(req);
    handle.close();
    finishOne(port, state);
  } };
  pending.set(req, entry);
  req.oncomplete = (status) => {
    if (status === 0) {
      const local = {}, remote = {};
      handle.getsockname(local);
      handle.getpeername(remote);
      entry.settle(local.port === remote.port && local.address === remote.address ? "self" : "open");
    } else entry.settle(errorState(getSystemErrorName(status)));
  };
  const error = handle.connect(req, host, port);
  if (error) entry.settle(errorState(getSystemErrorName(error)));
}
function connectSocket(port) {
  const s = new net.Socket();
  const entry = { started: Date.now(), settle: (state) => {
    if (!pending.has(s)) return;
    pending.delete(s);
    s.destroy();
    finishOne(port, state);
  } };
  pending.set(s, entry);
  s.on("connect", () => entry.settle(s.localPort === s.remotePort && s.localAddress === s.remoteAddress ? "self" : "open"));
  s.on("error", (e) => entry.settle(errorState(e.code)));
  s.connect(port, host);
}
const useRaw = rawHandles && raw !== null && net.isIP(host) !== 0;
function pump() {
  while (active < concurrency && next < ports.length) {
    const port = ports[next++];
    if (deadline !== null && Date.now() > deadline) { out.notScanned.push(port); continue; }
    active++;
    if (useRaw) connectRaw(port); else connectSocket(port);
  }
  if (next >= ports.length && active === 0 && !finished) { finished = true; clearInterval(sweeper); parentPort.postMessage(out); }
}
pump();
`;

/**
 * Scans `input.ports` in a worker thread (connect scan, same rules as scanTcp: a self-connect is
 * not open, a silent port is reported in `silent`). Resolves when every port is done.
 */
export function scanChunkInWorker(
  input: ChunkInput,
  onProgress?: (ports: number) => void,
): Promise<ChunkResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: input });
    let result: ChunkResult | undefined;
    worker.on("message", (message: ChunkResult | { progress: number }) => {
      if ("progress" in message) {
        onProgress?.(message.progress);
        return;
      }
      result = message;
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", () =>
      result ? resolve(result) : reject(new Error("scan worker exited without a result")),
    );
  });
}
