import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import type { ProfileService } from "../profile/schema.ts";
import type { Credentials, DeviceContext } from "./context.ts";

/** One HTTP answer, or the network error that prevented it. */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  error?: string;
  ms: number;
}

/** Options of one request. */
export interface HttpRequestOptions {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  timeoutMs: number;
  /** Largest body kept (default 1 MiB). */
  maxBytes?: number;
}

/**
 * One HTTP(S) request to address:port (the profile host is sent as Host). TLS certificates are not
 * verified here: the tls probe judges them. Never throws; status 0 with `error` on network failure.
 */
export function rawRequest(
  address: string,
  hostName: string,
  service: Pick<ProfileService, "port" | "protocol">,
  options: HttpRequestOptions,
): Promise<HttpAnswer> {
  const started = Date.now();
  const maxBytes = options.maxBytes ?? 1_048_576;
  const body = typeof options.body === "string" ? Buffer.from(options.body) : options.body;
  const tls = service.protocol === "https";
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: Omit<HttpAnswer, "ms">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...answer, ms: Date.now() - started });
    };
    const req = (tls ? httpsRequest : httpRequest)({
      host: address,
      port: service.port,
      method: options.method,
      path: options.path,
      headers: {
        Host: hostName,
        "User-Agent": "jcstar-probe",
        Connection: "close",
        ...(body ? { "Content-Length": String(body.length) } : {}),
        ...options.headers,
      },
      ...(tls ? { rejectUnauthorized: false, servername: hostName } : {}),
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ status: 0, headers: {}, body: Buffer.alloc(0), error: "TIMEOUT" });
    }, options.timeoutMs);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        if (size < maxBytes) chunks.push(c);
        size += c.length;
      });
      res.on("end", () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", (e: NodeJS.ErrnoException) =>
        done({ status: 0, headers: {}, body: Buffer.alloc(0), error: e.code ?? e.message }),
      );
    });
    req.on("error", (e: NodeJS.ErrnoException) =>
      done({ status: 0, headers: {}, body: Buffer.alloc(0), error: e.code ?? e.message }),
    );
    req.end(body);
  });
}

/** What a login attempt showed. */
export type LoginOutcome = "accepted" | "refused" | "locked" | "error";

/** Classifies the status of a login answer. */
export function loginOutcome(answer: HttpAnswer, failureStatus?: number): LoginOutcome {
  if (answer.status === 0) return "error";
  if (answer.status === 429) return "locked";
  if (failureStatus !== undefined && answer.status === failureStatus) return "refused";
  if (answer.status === 401 || answer.status === 403) return "refused";
  if (answer.status >= 200 && answer.status < 400) return "accepted";
  return "error";
}

/**
 * An HTTP session with one service of the profile, logged in with `credentials` when given:
 * Basic sends the Authorization header on every request; form logs in once (POST to auth.path)
 * and sends the cookie it received.
 */
export class HttpSession {
  private cookie: string | undefined;
  private loggedIn = false;
  constructor(
    private readonly ctx: DeviceContext,
    readonly service: ProfileService,
    private readonly credentials: Credentials | undefined,
  ) {}

  private get authType(): "basic" | "form" | "none" {
    return this.service.auth?.type ?? (this.service.auth?.username ? "basic" : "none");
  }

  /** Tries the session's credentials once and classifies the answer. */
  async login(): Promise<{ outcome: LoginOutcome; answer: HttpAnswer }> {
    const auth = this.service.auth;
    if (this.authType === "form" && auth?.form && this.credentials) {
      const form = new URLSearchParams({
        [auth.form.usernameField]: this.credentials.username,
        [auth.form.passwordField]: this.credentials.password,
      }).toString();
      const answer = await this.send({
        method: "POST",
        path: auth.path ?? "/login",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: form,
        timeoutMs: this.ctx.timeoutMs,
      });
      const outcome = loginOutcome(answer, auth.form.failureStatus);
      if (outcome === "accepted") {
        const set = answer.headers["set-cookie"];
        this.cookie = set?.map((c) => c.split(";")[0]).join("; ");
        this.loggedIn = true;
      }
      return { outcome, answer };
    }
    const answer = await this.request("GET", auth?.path ?? "/");
    return { outcome: loginOutcome(answer), answer };
  }

  /** One request with the session's credentials. */
  async request(method: string, path: string, body?: Buffer | string, headers: Record<string, string> = {}) {
    if (this.authType === "form" && this.credentials && !this.loggedIn) {
      const { outcome, answer } = await this.login();
      if (outcome !== "accepted") return answer;
    }
    const auth: Record<string, string> = {};
    if (this.authType === "basic" && this.credentials)
      auth.Authorization = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString("base64")}`;
    if (this.cookie) auth.Cookie = this.cookie;
    return this.send({
      method,
      path,
      headers: { ...auth, ...headers },
      ...(body !== undefined ? { body } : {}),
      timeoutMs: this.ctx.timeoutMs,
    });
  }

  private send(options: HttpRequestOptions): Promise<HttpAnswer> {
    return rawRequest(this.ctx.address, this.ctx.profile.host, this.service, options);
  }
}
