import { isIP, connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";

/** Why waitFor() returned. */
export type WaitEnd = "match" | "closed" | "timeout" | "error";

/**
 * A raw TCP (or TLS) conversation: bytes arrive into a buffer, and `waitFor` resolves as soon as
 * the buffer satisfies a test, the peer closes, an error occurs or the time runs out. Never throws.
 */
export class Conversation {
  private buffer = Buffer.alloc(0);
  private waiter: (() => void) | null = null;
  closed = false;
  /** True when this side closed the connection (close()), false when the peer did. */
  closedByUs = false;
  error: string | undefined;
  /** Optional hook that sees (and may answer) every chunk before it is buffered (Telnet IAC). */
  filter: ((chunk: Buffer) => Buffer) | null = null;

  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      const kept = this.filter ? this.filter(chunk) : chunk;
      if (this.buffer.length < 262_144) this.buffer = Buffer.concat([this.buffer, kept]);
      this.waiter?.();
    });
    const end = () => {
      this.closed = true;
      this.waiter?.();
    };
    socket.on("end", end);
    socket.on("close", end);
    socket.on("error", (error: NodeJS.ErrnoException) => {
      this.error ??= error.code ?? error.message;
      end();
    });
  }

  /**
   * Opens a connection; resolves with the conversation, or with an error code (ECONNREFUSED,
   * TIMEOUT, a TLS error …). TLS certificates are not verified.
   */
  static open(
    address: string,
    port: number,
    options: { tls: boolean; serverName?: string; timeoutMs: number },
  ): Promise<Conversation | { error: string }> {
    return new Promise((resolve) => {
      const servername =
        options.tls && options.serverName && isIP(options.serverName) === 0 ? options.serverName : undefined;
      const socket = options.tls
        ? tlsConnect({
            host: address,
            port,
            rejectUnauthorized: false,
            ...(servername ? { servername } : {}),
          })
        : netConnect({ host: address, port });
      let done = false;
      const finish = (result: Conversation | { error: string }) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => {
        socket.destroy();
        finish({ error: "TIMEOUT" });
      }, options.timeoutMs);
      socket.once(options.tls ? "secureConnect" : "connect", () => {
        if (socket.localPort === socket.remotePort && socket.localAddress === socket.remoteAddress) {
          socket.destroy();
          finish({ error: "SELF_CONNECT" });
          return;
        }
        finish(new Conversation(socket));
      });
      socket.once("error", (error: NodeJS.ErrnoException) => {
        socket.destroy();
        finish({ error: error.code ?? error.message });
      });
    });
  }

  /** Everything received and not yet taken. */
  get data(): Buffer {
    return this.buffer;
  }

  /** Removes and returns everything received so far. */
  take(): Buffer {
    const out = this.buffer;
    this.buffer = Buffer.alloc(0);
    return out;
  }

  write(data: Buffer | string): void {
    if (!this.closed) this.socket.write(data);
  }

  /** Waits until `test(buffer)` is true, the peer closes, an error occurs, or `timeoutMs` passes. */
  waitFor(test: (data: Buffer) => boolean, timeoutMs: number): Promise<WaitEnd> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        if (test(this.buffer)) return finish("match");
        if (this.error !== undefined) return finish("error");
        if (this.closed) return finish("closed");
        return false;
      };
      const finish = (end: WaitEnd): true => {
        clearTimeout(timer);
        this.waiter = null;
        resolve(end);
        return true;
      };
      const timer = setTimeout(() => finish("timeout"), timeoutMs);
      this.waiter = check;
      check();
    });
  }

  /** True when the peer closed (or broke) the connection. */
  get closedByPeer(): boolean {
    return this.closed && !this.closedByUs;
  }

  close(): void {
    if (!this.closed) this.closedByUs = true;
    this.closed = true;
    this.socket.destroy();
  }
}
