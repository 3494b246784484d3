import { Conversation } from "./conversation.ts";
import { type Attempt, type LoginSession, type LoginTarget, monoMs, shortText } from "./session.ts";

/** The last complete FTP reply in `data` (`123 text` ends a reply; `123-` lines continue it), or null. */
export function ftpReply(data: Buffer): { code: number; text: string } | null {
  const lines = data.toString("latin1").split(/\r?\n/);
  if (lines.length < 2) return null;
  for (const line of lines.slice(0, -1)) {
    const m = /^(\d{3}) (.*)$/.exec(line) ?? /^(\d{3})$/.exec(line);
    if (m) return { code: Number(m[1]), text: shortText(line, 100) };
  }
  return null;
}

/**
 * FTP logins (USER/PASS) on one control connection while the server keeps it open; a new connection
 * when it closed it. 230 accepted, 530 refused, 421 throttled. An anonymous attempt is
 * `USER anonymous` / `PASS jcstar@example.invalid`.
 */
export function ftpSession(target: LoginTarget): LoginSession {
  let conn: Conversation | null = null;
  let connectedBefore = false;
  let attemptsOnConn = 0;

  async function reply(c: Conversation, timeoutMs: number): Promise<{ code: number; text: string } | string> {
    const end = await c.waitFor((d) => ftpReply(d) !== null, timeoutMs);
    const r = ftpReply(c.data);
    c.take();
    if (r) return r;
    return end === "timeout" ? "TIMEOUT" : (c.error ?? "closed");
  }

  async function connect(): Promise<Attempt | null> {
    const reconnected = conn?.closedByPeer === true;
    const opened = await Conversation.open(target.address, target.service.port, {
      tls: false,
      timeoutMs: target.connectTimeoutMs,
    });
    const fail = (outcome: Attempt["outcome"], replyText: string, error?: string): Attempt => ({
      outcome,
      reply: replyText,
      latencyMs: 0,
      closed: true,
      reconnected,
      ...(error ? { error } : {}),
    });
    if (!(opened instanceof Conversation)) {
      const blocked = connectedBefore && opened.error !== "TIMEOUT";
      return fail(blocked ? "blocked" : "error", `no connection (${opened.error})`, opened.error);
    }
    const greeting = await reply(opened, target.connectTimeoutMs);
    if (typeof greeting === "string") {
      opened.close();
      const blocked = connectedBefore && greeting !== "TIMEOUT";
      return fail(blocked ? "blocked" : "error", `no greeting (${greeting})`, greeting);
    }
    if (greeting.code === 421) {
      opened.close();
      return { ...fail("throttled", greeting.text), status: 421 };
    }
    if (greeting.code !== 220) {
      opened.close();
      return { ...fail("error", greeting.text, `greeting ${greeting.code}`), status: greeting.code };
    }
    conn = opened;
    connectedBefore = true;
    attemptsOnConn = 0;
    return null;
  }

  async function tryOnce(
    username: string,
    password: string,
    reconnected: boolean,
  ): Promise<Attempt | "retry"> {
    const c = conn as Conversation;
    const started = monoMs();
    const result = (
      outcome: Attempt["outcome"],
      replyText: string,
      status?: number,
      error?: string,
    ): Attempt => {
      if (outcome === "accepted" || outcome === "throttled" || outcome === "error") {
        if (outcome === "accepted") c.write("QUIT\r\n");
        c.close();
      }
      return {
        outcome,
        reply: replyText,
        latencyMs: monoMs() - started,
        closed: c.closed,
        reconnected,
        ...(status !== undefined ? { status } : {}),
        ...(error ? { error } : {}),
      };
    };
    c.write(`USER ${username}\r\n`);
    const user = await reply(c, target.attemptTimeoutMs);
    if (typeof user === "string") {
      // The server closed the connection after the previous failure: that try never happened here.
      if (attemptsOnConn > 0 && user !== "TIMEOUT") return "retry";
      return result("error", `no reply to USER (${user})`, undefined, user);
    }
    attemptsOnConn += 1;
    if (user.code === 230) return result("accepted", `${user.text} (no password asked)`, 230);
    if (user.code === 530) return result("refused", user.text, 530);
    if (user.code === 421) return result("throttled", user.text, 421);
    if (user.code !== 331 && user.code !== 332)
      return result("error", user.text, user.code, `USER ${user.code}`);
    c.write(`PASS ${password}\r\n`);
    const pass = await reply(c, target.attemptTimeoutMs);
    if (typeof pass === "string") return result("error", `no reply to PASS (${pass})`, undefined, pass);
    if (pass.code === 230 || pass.code === 202) return result("accepted", pass.text, pass.code);
    if (pass.code === 530) return result("refused", pass.text, 530);
    if (pass.code === 421) return result("throttled", pass.text, 421);
    return result("error", pass.text, pass.code, `PASS ${pass.code}`);
  }

  return {
    close() {
      conn?.close();
      conn = null;
    },
    async attempt(username, password) {
      const user = username ?? "anonymous";
      const pass = username === null ? "jcstar@example.invalid" : (password ?? "");
      for (let round = 0; round < 2; round++) {
        let reconnected = false;
        if (conn === null || conn.closed) {
          reconnected = conn?.closedByPeer === true;
          const failed = await connect();
          if (failed) return failed;
        }
        const outcome = await tryOnce(user, pass, reconnected);
        if (outcome !== "retry") return outcome;
      }
      return {
        outcome: "error",
        reply: "connection closed twice",
        latencyMs: 0,
        closed: true,
        reconnected: true,
      };
    },
  };
}
