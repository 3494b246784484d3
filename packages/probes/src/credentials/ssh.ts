import { createRequire } from "node:module";
import type { AnyAuthMethod, Client, NextAuthHandler } from "ssh2";
import { type Attempt, type LoginSession, type LoginTarget, monoMs, shortText } from "./session.ts";

type SshEvent =
  | { kind: "auth"; methodsLeft: string[] | null }
  | { kind: "ready" }
  | { kind: "end"; error?: string; message?: string };

/** One SSH connection driven attempt by attempt through ssh2's authHandler. */
class SshConnection {
  private events: SshEvent[] = [];
  private waiter: (() => void) | null = null;
  private next: NextAuthHandler | null = null;
  methodsLeft: string[] | null = null;
  ended = false;
  // ssh2 loads with the first SSH connection, not with every import of @jcstar/probes.
  readonly client: Client = new (createRequire(import.meta.url)("ssh2") as typeof import("ssh2")).Client();

  constructor(
    target: LoginTarget,
    readonly username: string,
  ) {
    const push = (event: SshEvent) => {
      if (event.kind === "end") this.ended = true;
      this.events.push(event);
      this.waiter?.();
    };
    this.client.on("ready", () => push({ kind: "ready" }));
    this.client.on("error", (error: Error & { code?: string | number; level?: string }) =>
      push({ kind: "end", error: String(error.code ?? error.level ?? "error"), message: error.message }),
    );
    this.client.on("close", () => push({ kind: "end" }));
    this.client.connect({
      host: target.address,
      port: target.service.port,
      username,
      readyTimeout: 0,
      keepaliveInterval: 0,
      authHandler: ((methodsLeft: string[] | null, _partial: boolean | null, next: NextAuthHandler) => {
        this.methodsLeft = methodsLeft;
        this.next = next;
        push({ kind: "auth", methodsLeft });
      }) as never,
    });
  }

  /** The next event, or `null` after `timeoutMs`. */
  nextEvent(timeoutMs: number): Promise<SshEvent | null> {
    return new Promise((resolve) => {
      const check = () => {
        const event = this.events.shift();
        if (!event) return;
        clearTimeout(timer);
        this.waiter = null;
        resolve(event);
      };
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(null);
      }, timeoutMs);
      this.waiter = check;
      check();
    });
  }

  /** Sends the next authentication request (the server then answers with success or failure). */
  send(method: AnyAuthMethod): boolean {
    const next = this.next;
    if (!next) return false;
    this.next = null;
    next(method);
    return true;
  }

  close(): void {
    this.ended = true;
    this.client.end();
    this.client.destroy();
  }
}

/**
 * SSH logins: several password tries per connection as the server allows (MaxAuthTries), a new
 * connection when it disconnected (an attacker reconnects too) or when the user name changes
 * (OpenSSH refuses a change of user on one connection). USERAUTH_SUCCESS accepted, USERAUTH_FAILURE or
 * "Too many authentication failures" refused, and so is a clean close in answer to a password (dropbear closes
 * after MaxAuthTries without a DISCONNECT message); a reset or timeout is an error. Uses `password`, else `keyboard-interactive` answering
 * every prompt with the password. An anonymous attempt is the `none` method.
 */
export function sshSession(target: LoginTarget): LoginSession {
  let conn: SshConnection | null = null;
  let connectedBefore = false;
  /** The previous connection was ended by the server (not by us). */
  let serverClosed = false;
  const anonymousUser = target.service.auth?.username ?? "root";

  async function connect(username: string): Promise<Attempt | null> {
    const reconnected = serverClosed;
    serverClosed = false;
    const c = new SshConnection(target, username);
    const event = await c.nextEvent(target.connectTimeoutMs);
    if (event?.kind === "auth") {
      conn = c;
      connectedBefore = true;
      return null;
    }
    c.close();
    const why =
      event === null
        ? "TIMEOUT"
        : event.kind === "end"
          ? (event.message ?? event.error ?? "closed")
          : "ready";
    const blocked = connectedBefore && why !== "TIMEOUT";
    return {
      outcome: blocked ? "blocked" : "error",
      reply: `no SSH login exchange (${shortText(why, 80)})`,
      error: shortText(why, 80),
      latencyMs: 0,
      closed: true,
      reconnected,
    };
  }

  return {
    close() {
      conn?.close();
      conn = null;
    },
    async attempt(username, password) {
      const anonymous = username === null || password === null;
      const user = username ?? anonymousUser;
      if (conn !== null && (conn.ended || conn.username !== user)) {
        if (conn.ended) serverClosed = true;
        conn.close();
        conn = null;
      }
      const reconnected = conn === null && serverClosed;
      if (conn === null) {
        const failed = await connect(user);
        if (failed) return failed;
      }
      const c = conn as unknown as SshConnection;
      const left = c.methodsLeft;
      let method: AnyAuthMethod;
      if (anonymous) method = { type: "none", username: user };
      else if (left === null || left.includes("password"))
        method = { type: "password", username: user, password: password as string };
      else if (left.includes("keyboard-interactive"))
        method = {
          type: "keyboard-interactive",
          username: user,
          prompt: (_name, _instructions, _lang, prompts, finish) =>
            finish(prompts.map(() => password as string)),
        };
      else {
        return {
          outcome: "error",
          reply: `server offers neither password nor keyboard-interactive (${left.join(", ")})`,
          error: "no password method",
          latencyMs: 0,
          closed: false,
          reconnected,
        };
      }
      const started = monoMs();
      c.send(method);
      const event = await c.nextEvent(target.attemptTimeoutMs);
      const latencyMs = monoMs() - started;
      const base = { latencyMs, reconnected };
      if (event?.kind === "auth") {
        const methods = event.methodsLeft?.join(",") ?? "";
        return { ...base, outcome: "refused", reply: `USERAUTH_FAILURE (${methods})`, closed: false };
      }
      if (event?.kind === "ready") {
        c.close();
        conn = null;
        return { ...base, outcome: "accepted", reply: "USERAUTH_SUCCESS", closed: true };
      }
      c.close();
      conn = null;
      serverClosed = event !== null;
      if (event === null)
        return { ...base, outcome: "error", reply: "no answer (TIMEOUT)", error: "TIMEOUT", closed: true };
      const message = event.message ?? "connection closed";
      if (/too many authentication failures|no more authentication methods/i.test(message))
        return { ...base, outcome: "refused", reply: `DISCONNECT: ${shortText(message, 80)}`, closed: true };
      // A clean close (FIN, no error) in answer to the credentials, without USERAUTH_SUCCESS: the server
      // ended the authentication (dropbear after MaxAuthTries sends no DISCONNECT). A reset stays an error.
      if (event.error === undefined && !anonymous)
        return {
          ...base,
          outcome: "refused",
          reply: "closed after the password (no USERAUTH_SUCCESS)",
          closed: true,
        };
      return {
        ...base,
        outcome: "error",
        reply: `closed: ${shortText(message, 80)}`,
        error: shortText(message, 80),
        closed: true,
      };
    },
  };
}
