import { connect, type Socket } from "node:net";

/** What one short TCP conversation produced. */
export interface ExchangeResult {
  /** Whether the TCP connection was established. */
  connected: boolean;
  /** Every byte received (capped at `maxBytes`). */
  data: Buffer;
  /** Error code when the connection failed or broke (e.g. ECONNREFUSED, ECONNRESET, TIMEOUT). */
  error?: string;
  /** True when the peer closed the connection. */
  closedByPeer: boolean;
}

/** Options of exchange(). */
export interface ExchangeOptions {
  /** Overall time limit of the conversation in ms (connect included). */
  timeoutMs: number;
  /** Bytes to send once connected; nothing is sent when absent (banner read). */
  send?: Buffer | string | ((socket: Socket) => void);
  /** Stop early (successfully) as soon as this returns true for the bytes so far. */
  until?: (data: Buffer) => boolean;
  /** Stop reading after this many bytes (default 64 KiB). */
  maxBytes?: number;
}

/**
 * Opens one TCP connection to host:port, optionally sends bytes, and collects what comes back
 * until `until` is satisfied, the peer closes, `maxBytes` is reached or `timeoutMs` passes.
 * Never throws; the socket is always destroyed before the promise resolves.
 */
export function exchange(host: string, port: number, options: ExchangeOptions): Promise<ExchangeResult> {
  const maxBytes = options.maxBytes ?? 65_536;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let connected = false;
    let done = false;
    const socket = connect({ host, port });
    const finish = (error?: string, closedByPeer = false) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const data = Buffer.concat(chunks, size);
      resolve(
        error === undefined ? { connected, data, closedByPeer } : { connected, data, error, closedByPeer },
      );
    };
    const timer = setTimeout(() => finish(connected ? undefined : "TIMEOUT"), options.timeoutMs);
    socket.on("connect", () => {
      connected = true;
      if (socket.localPort === socket.remotePort && socket.localAddress === socket.remoteAddress) {
        finish("SELF_CONNECT");
        return;
      }
      const send = options.send;
      if (typeof send === "function") send(socket);
      else if (send !== undefined) socket.write(send);
    });
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= maxBytes || options.until?.(Buffer.concat(chunks, size))) finish();
    });
    socket.on("end", () => finish(undefined, true));
    socket.on("close", () => finish(undefined, true));
    socket.on("error", (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
  });
}
