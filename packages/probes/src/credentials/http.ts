import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import type { LoginSession, LoginTarget } from "./session.ts";
import { monoMs, shortText } from "./session.ts";

const PASSWORD_FIELD = /<input[^>]+type\s*=\s*["']?password/i;
const LOGIN_LOCATION = /login|signin|sign-in|logon|auth|error|fail/i;

/** One HTTP answer (body capped at 64 KiB). */
interface HttpAnswer {
  status: number;
  headers: IncomingMessage["headers"];
  body: string;
}

/** Parses Retry-After (seconds or an HTTP date) into whole seconds. */
export function retryAfterSeconds(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * HTTP(S) logins: Basic (a GET of `auth.path` with an Authorization header) or a form (a POST of
 * `usernameField`/`passwordField`). Every attempt is its own connection. An anonymous attempt is a
 * GET without credentials. TLS certificates are not verified (the tls probe judges them).
 */
export function httpSession(target: LoginTarget): LoginSession {
  const auth = target.service.auth;
  const path = auth?.path ?? "/";
  const form = auth?.type === "form" ? auth.form : undefined;
  return {
    close() {},
    async attempt(username, password) {
      const anonymous = username === null || password === null;
      const headers: Record<string, string> = {
        "User-Agent": "jcstar-probe",
        Connection: "close",
        Accept: "text/html,application/json;q=0.9,*/*;q=0.8",
      };
      let body: string | undefined;
      let method = "GET";
      if (!anonymous && form) {
        method = "POST";
        body = new URLSearchParams({
          [form.usernameField]: username,
          [form.passwordField]: password,
        }).toString();
        headers["Content-Type"] = "application/x-www-form-urlencoded";
        headers["Content-Length"] = String(Buffer.byteLength(body));
      } else if (!anonymous) {
        headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
      }
      const started = monoMs();
      let answer: HttpAnswer;
      try {
        answer = await send(target, method, path, headers, body);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        return {
          outcome: "error",
          reply: `no HTTP answer (${code})`,
          error: code,
          latencyMs: monoMs() - started,
          closed: true,
          reconnected: false,
        };
      }
      const latencyMs = monoMs() - started;
      // One request per connection by design (Connection: close): not the service dropping us.
      const base = { status: answer.status, latencyMs, closed: false, reconnected: false };
      const retry = retryAfterSeconds(answer.headers["retry-after"]);
      const location = String(answer.headers.location ?? "");
      const reply = `HTTP ${answer.status}${location ? ` → ${shortText(location, 60)}` : ""}`;
      const s = answer.status;
      if (s === 429 || s === 503)
        return {
          ...base,
          outcome: "throttled",
          reply,
          ...(retry !== undefined ? { retryAfterSeconds: retry } : {}),
        };
      if (s === 401 || s === 403 || (form?.failureStatus !== undefined && s === form.failureStatus))
        return { ...base, outcome: "refused", reply };
      if (s >= 300 && s < 400) {
        const toLogin = LOGIN_LOCATION.test(location);
        if (anonymous || toLogin) return { ...base, outcome: "refused", reply: `${reply} (login page)` };
        return { ...base, outcome: "accepted", reply };
      }
      if (s >= 200 && s < 300) {
        // The login form served again is the form's own refusal (like Telnet's login prompt again).
        if ((anonymous || form) && PASSWORD_FIELD.test(answer.body))
          return { ...base, outcome: "refused", reply: `${reply} (login form)` };
        return { ...base, outcome: "accepted", reply };
      }
      return { ...base, outcome: "error", reply, error: `unexpected HTTP ${s}` };
    },
  };
}

function send(
  target: LoginTarget,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<HttpAnswer> {
  const tls = target.service.protocol === "https";
  const request = tls ? httpsRequest : httpRequest;
  const servername = isIP(target.hostName) === 0 ? target.hostName : undefined;
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" }));
    }, target.connectTimeoutMs + target.attemptTimeoutMs);
    const finish = (error: Error | null, answer?: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(answer as HttpAnswer);
    };
    const req = request(
      {
        host: target.address,
        port: target.service.port,
        method,
        path,
        headers: { Host: hostHeader(target), ...headers },
        agent: false,
        ...(tls ? { rejectUnauthorized: false, ...(servername ? { servername } : {}) } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () =>
          finish(null, {
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("latin1"),
          });
        res.on("data", (chunk: Buffer) => {
          if (size < 65_536) chunks.push(chunk);
          size += chunk.length;
          if (size >= 65_536) {
            done();
            res.destroy();
          }
        });
        res.on("end", done);
        res.on("error", () => done());
        res.on("close", done);
      },
    );
    req.on("error", (error) => finish(error));
    req.end(body);
  });
}

function hostHeader(target: LoginTarget): string {
  const host = isIP(target.hostName) === 6 ? `[${target.hostName}]` : target.hostName;
  return `${host}:${target.service.port}`;
}
