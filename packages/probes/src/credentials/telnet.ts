import { Conversation } from "./conversation.ts";
import { type Attempt, type LoginSession, type LoginTarget, monoMs, shortText } from "./session.ts";

const IAC = 255;
const [WILL, WONT, DO, DONT, SB, SE] = [251, 252, 253, 254, 250, 240];
const ECHO = 1;
const SGA = 3;

const LOGIN_PROMPT = /(login|user ?name|user ?id|user)\s*:\s*$/i;
const PASSWORD_PROMPT = /pass(word|code|phrase)?\s*:\s*$/i;
const SHELL_PROMPT = /[#$%>]\s*$/;
const FAILURE_TEXT = /incorrect|invalid|fail|denied|wrong|bad password|locked/i;

/**
 * Strips Telnet commands from a chunk and answers option negotiation like a plain client: it
 * accepts the server's ECHO and SUPPRESS-GO-AHEAD and declines everything else (once per option).
 */
export function telnetFilter(reply: (bytes: Buffer) => void): (chunk: Buffer) => Buffer {
  const answered = new Set<string>();
  let pending = Buffer.alloc(0);
  let inSub = false;
  return (chunk) => {
    const data = Buffer.concat([pending, chunk]);
    pending = Buffer.alloc(0);
    const out: number[] = [];
    for (let i = 0; i < data.length; i++) {
      const b = data[i] as number;
      if (inSub) {
        if (b === IAC && data[i + 1] === SE) {
          inSub = false;
          i++;
        } else if (b === IAC && i + 1 >= data.length) {
          pending = data.subarray(i);
          break;
        }
        continue;
      }
      if (b !== IAC) {
        if (b !== 0) out.push(b);
        continue;
      }
      if (i + 1 >= data.length) {
        pending = data.subarray(i);
        break;
      }
      const cmd = data[i + 1] as number;
      if (cmd === IAC) {
        out.push(IAC);
        i++;
      } else if (cmd === SB) {
        inSub = true;
        i++;
      } else if (cmd >= WILL && cmd <= DONT) {
        if (i + 2 >= data.length) {
          pending = data.subarray(i);
          break;
        }
        const opt = data[i + 2] as number;
        const key = `${cmd}:${opt}`;
        if (!answered.has(key)) {
          answered.add(key);
          if (cmd === WILL) reply(Buffer.from([IAC, opt === ECHO || opt === SGA ? DO : DONT, opt]));
          if (cmd === DO) reply(Buffer.from([IAC, WONT, opt]));
        }
        i += 2;
      } else {
        i++;
      }
    }
    return Buffer.from(out);
  };
}

type Prompt = "login" | "password" | "shell";

function promptIn(data: Buffer): Prompt | null {
  const text = data.toString("latin1");
  if (PASSWORD_PROMPT.test(text)) return "password";
  if (LOGIN_PROMPT.test(text)) return "login";
  if (SHELL_PROMPT.test(text)) return "shell";
  return null;
}

/**
 * Telnet logins on one connection while the server keeps it open (several tries per connection, as
 * login(1) allows), a new connection when it closed it. Refused when the login (or password) prompt
 * comes back; accepted when a shell prompt (`#`, `$`, `%`, `>`) appears. An anonymous attempt
 * connects and checks whether a shell prompt appears without any login.
 */
export function telnetSession(target: LoginTarget): LoginSession {
  let conn: Conversation | null = null;
  let prompt: Prompt | null = null;
  let connectedBefore = false;

  async function connect(): Promise<Attempt | null> {
    const reconnected = conn?.closedByPeer === true;
    const opened = await Conversation.open(target.address, target.service.port, {
      tls: false,
      timeoutMs: target.connectTimeoutMs,
    });
    if (!(opened instanceof Conversation)) {
      const blocked = connectedBefore && opened.error !== "TIMEOUT";
      return {
        outcome: blocked ? "blocked" : "error",
        reply: `no connection (${opened.error})`,
        error: opened.error,
        latencyMs: 0,
        closed: true,
        reconnected,
      };
    }
    opened.filter = telnetFilter((bytes) => opened.write(bytes));
    const end = await opened.waitFor((d) => promptIn(d) !== null, target.connectTimeoutMs);
    const seen = promptIn(opened.data);
    const banner = shortText(opened.take().toString("latin1"), 80);
    if (seen === null) {
      opened.close();
      const why = end === "timeout" ? "TIMEOUT" : (opened.error ?? "closed");
      const blocked = connectedBefore && why !== "TIMEOUT";
      return {
        outcome: blocked ? "blocked" : "error",
        reply: `no prompt (${why})${banner ? `: ${banner}` : ""}`,
        error: why,
        latencyMs: 0,
        closed: true,
        reconnected,
      };
    }
    conn = opened;
    prompt = seen;
    connectedBefore = true;
    return null;
  }

  return {
    close() {
      conn?.close();
      conn = null;
    },
    async attempt(username, password) {
      let reconnected = false;
      if (conn === null || conn.closed) {
        reconnected = conn?.closedByPeer === true;
        const failed = await connect();
        if (failed) return failed;
      }
      const c = conn as Conversation;
      const started = monoMs();
      const done = (outcome: Attempt["outcome"], reply: string, error?: string): Attempt => {
        if (outcome === "accepted" || outcome === "error") {
          c.close();
          conn = null;
        }
        return {
          outcome,
          reply,
          latencyMs: monoMs() - started,
          closed: c.closed,
          reconnected,
          ...(error ? { error } : {}),
        };
      };
      if (username === null || password === null) {
        return prompt === "shell"
          ? done("accepted", "shell prompt without login")
          : done("refused", `${prompt} prompt`);
      }
      if (prompt === "shell") return done("accepted", "shell prompt without login");
      if (prompt === "login") {
        c.write(`${username}\r\n`);
        const end = await c.waitFor((d) => promptIn(d) !== null, target.attemptTimeoutMs);
        const next = promptIn(c.data);
        const text = c.take().toString("latin1");
        if (next === "shell") return done("accepted", "shell prompt without a password");
        if (next === "login") {
          prompt = "login";
          return done("refused", "login prompt again (user refused)");
        }
        if (next !== "password") {
          const why = end === "timeout" ? "TIMEOUT" : (c.error ?? "closed");
          return done(FAILURE_TEXT.test(text) ? "refused" : "error", `no password prompt (${why})`, why);
        }
      }
      c.write(`${password}\r\n`);
      const end = await c.waitFor((d) => promptIn(d) !== null, target.attemptTimeoutMs);
      const next = promptIn(c.data);
      const text = c.take().toString("latin1");
      const said = FAILURE_TEXT.exec(text);
      const words = said
        ? shortText(text.split(/\r?\n/).find((l) => FAILURE_TEXT.test(l)) ?? said[0], 60)
        : "";
      if (next === "login" || next === "password") {
        prompt = next;
        return done("refused", `${next} prompt again${words ? ` (${words})` : ""}`);
      }
      if (next === "shell") return done("accepted", "shell prompt");
      const why = end === "timeout" ? "TIMEOUT" : (c.error ?? "closed");
      if (why !== "TIMEOUT" && said) return done("refused", `${words}, then closed`);
      return done("error", `no prompt after the password (${why})`, why);
    },
  };
}
