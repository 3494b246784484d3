import { createServer, type Server, type Socket } from "node:net";

/** How a scripted login server behaves (tests only). */
export interface ScriptedLoginConfig {
  /** user → password. */
  users: Record<string, string>;
  /** Delay before answering a failed login, ms (a failure-delay defence). */
  failureDelayMs?: number;
  /** Failed logins (for any user) after which every login is refused, even the right one, for `lockMs`. */
  lockAfter?: number;
  lockMs?: number;
  /** Tries per connection before the server hangs up (like login(1) or vsftpd's max_login_fails). */
  triesPerConnection?: number;
  /** FTP only: let `anonymous` in. Telnet only: a shell prompt without any login. */
  anonymous?: boolean;
}

/** A running scripted server and what it saw. */
export interface ScriptedServer {
  port: number;
  /** Login attempts the server judged (user names only). */
  logins: string[];
  close: () => Promise<void>;
}

function listen(server: Server, sockets: Set<Socket>): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : 0,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Shared judgement: right password, lockout, failure delay. */
function judge(config: ScriptedLoginConfig) {
  let failures = 0;
  let lockedUntil = 0;
  return (user: string, password: string): { ok: boolean; delayMs: number } => {
    const locked = Date.now() < lockedUntil;
    const ok = !locked && config.users[user] !== undefined && config.users[user] === password;
    if (ok) {
      failures = 0;
      return { ok, delayMs: 0 };
    }
    if (!locked) failures += 1;
    if (config.lockAfter !== undefined && failures >= config.lockAfter && !locked) {
      lockedUntil = Date.now() + (config.lockMs ?? 5000);
      failures = 0;
    }
    return { ok: false, delayMs: config.failureDelayMs ?? 0 };
  };
}

/**
 * A Telnet-like login server on 127.0.0.1: IAC WILL ECHO, `login: `, `Password: `, then
 * `Login incorrect` and the login prompt again, or a `$ ` shell prompt.
 */
export async function startScriptedTelnet(config: ScriptedLoginConfig): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  const logins: string[] = [];
  const check = judge(config);
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.setTimeout(15_000, () => socket.destroy());
    socket.write(Buffer.from([255, 251, 1, 255, 251, 3]));
    if (config.anonymous) {
      socket.write("BusyBox v1.36 built-in shell (ash)\r\n# ");
      return;
    }
    socket.write("\r\nlab-device login: ");
    let state: "user" | "password" | "shell" = "user";
    let user = "";
    let tries = 0;
    let line = "";
    socket.on("data", (chunk: Buffer) => {
      for (const b of chunk) {
        if (b === 255) continue;
        if (b !== 13 && b !== 10) {
          if (b >= 32 && b < 127) line += String.fromCharCode(b);
          continue;
        }
        if (b === 10 && line === "") continue;
        const input = line;
        line = "";
        if (state === "user") {
          user = input;
          state = "password";
          socket.write("Password: ");
        } else if (state === "password") {
          logins.push(user);
          const verdict = check(user, input);
          state = "user";
          setTimeout(() => {
            if (socket.destroyed) return;
            if (verdict.ok) {
              state = "shell";
              socket.write("\r\n$ ");
              return;
            }
            tries += 1;
            socket.write("\r\nLogin incorrect\r\n");
            if (config.triesPerConnection !== undefined && tries >= config.triesPerConnection) socket.end();
            else socket.write("lab-device login: ");
          }, verdict.delayMs);
        }
      }
    });
  });
  return { ...(await listen(server, sockets)), logins };
}

/** An FTP control-connection server on 127.0.0.1 that speaks USER/PASS/QUIT (530 on failure). */
export async function startScriptedFtp(config: ScriptedLoginConfig): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  const logins: string[] = [];
  const check = judge(config);
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.setTimeout(15_000, () => socket.destroy());
    socket.write("220 (jcstar scripted FTP)\r\n");
    let user = "";
    let tries = 0;
    let buffer = "";
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      for (let i = buffer.indexOf("\r\n"); i >= 0; i = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const [cmd = "", ...rest] = line.split(" ");
        const arg = rest.join(" ");
        if (cmd.toUpperCase() === "USER") {
          user = arg;
          socket.write("331 Please specify the password.\r\n");
        } else if (cmd.toUpperCase() === "PASS") {
          logins.push(user);
          const anonymous = config.anonymous && (user === "anonymous" || user === "ftp");
          const verdict = anonymous ? { ok: true, delayMs: 0 } : check(user, arg);
          setTimeout(() => {
            if (socket.destroyed) return;
            if (verdict.ok) {
              socket.write("230 Login successful.\r\n");
              return;
            }
            tries += 1;
            socket.write("530 Login incorrect.\r\n");
            if (config.triesPerConnection !== undefined && tries >= config.triesPerConnection) socket.end();
          }, verdict.delayMs);
        } else if (cmd.toUpperCase() === "QUIT") {
          socket.end("221 Goodbye.\r\n");
        } else {
          socket.write("530 Please login with USER and PASS.\r\n");
        }
      }
    });
  });
  return { ...(await listen(server, sockets)), logins };
}
