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
}

// Plain JavaScript run with `eval: true`, so that the worker needs no TypeScript loader.
// Keep it in step with probePort() in tcp-scan.ts.
const WORKER_SOURCE = `
const net = require("node:net");
const { parentPort, workerData } = require("node:worker_threads");
const { host, ports, concurrency, timeoutMs, deadline } = workerData;
const out = { open: [], silent: [], self: [], closed: 0, errors: {}, notScanned: [] };
let next = 0, active = 0, doneCount = 0;
function finishOne(port, state) {
  if (state === "open") out.open.push(port);
  else if (state === "closed") out.closed++;
  else if (state === "self") out.self.push(port);
  else if (state === "filtered") out.silent.push(port);
  else out.errors[port] = state;
}
function pump() {
  while (active < concurrency && next < ports.length) {
    const port = ports[next++];
    if (deadline !== null && Date.now() > deadline) { out.notScanned.push(port); continue; }
    active++;
    const s = new net.Socket();
    let settled = false;
    const settle = (state) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      s.destroy();
      finishOne(port, state);
      active--;
      if (++doneCount % 2048 === 0) parentPort.postMessage({ progress: 2048 });
      if (next >= ports.length && active === 0) parentPort.postMessage(out);
      else pump();
    };
    const timer = setTimeout(() => settle("filtered"), timeoutMs);
    s.on("connect", () => settle(s.localPort === s.remotePort && s.localAddress === s.remoteAddress ? "self" : "open"));
    s.on("error", (e) => {
      if (e.code === "ECONNREFUSED" || e.code === "ECONNRESET") settle("closed");
      else if (e.code === "ETIMEDOUT") settle("filtered");
      else settle(e.code || "error");
    });
    s.connect(port, host);
  }
  if (next >= ports.length && active === 0) parentPort.postMessage(out);
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
