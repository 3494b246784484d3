import { createPublicKey, randomBytes, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import {
  checkPassword,
  type DeviceRecord,
  FACTORY_SETTINGS,
  factoryRecord,
  hashPassword,
  imageVersion,
  initState,
  type Recording,
  stateFiles,
  statePaths,
} from "./state.ts";

/** Weaknesses the reference device can be switched to (each maps to the probe that must catch it). */
export const DEMO_WEAKNESSES = [
  "default-password",
  "no-lockout",
  "accepts-tampered",
  "forgets-settings",
  "keeps-data-after-reset",
  "telnet-port",
] as const;
export type DemoWeakness = (typeof DEMO_WEAKNESSES)[number];

/** Parses `--weakness a,b` (and `--variant bad` = every weakness). Throws on an unknown name. */
export function parseWeaknesses(list: string | undefined, variant: "good" | "bad" = "good"): DemoWeakness[] {
  if (variant === "bad") return [...DEMO_WEAKNESSES];
  const names = (list ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(DEMO_WEAKNESSES as readonly string[]).includes(n));
  if (unknown.length)
    throw new Error(
      `unknown weakness: ${unknown.join(", ")} (known: ${DEMO_WEAKNESSES.join(", ")}) / 不明な弱点: ${unknown.join(", ")}`,
    );
  return DEMO_WEAKNESSES.filter((w) => names.includes(w));
}

/** Options of the reference device. */
export interface DemoDeviceOptions {
  stateDir: string;
  /** Default 127.0.0.1: the device is never exposed unless told. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  weaknesses?: readonly DemoWeakness[];
  /** Port of the undeclared telnet-like service (weakness `telnet-port`; 0 picks one). */
  telnetPort?: number;
  /** HTTPS with this key and certificate (PEM) instead of HTTP. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** How long a restart keeps the device off the network (default 1500 ms). */
  rebootDelayMs?: number;
  /** Failed logins before the lockout (default 5) and its length (default 60 s). */
  lockoutAfter?: number;
  lockoutSeconds?: number;
  /** When the device has never been set up: set it up with this password, a non-factory setting and a recording. */
  provisionPassword?: string;
  log?: (line: string) => void;
}

/** A running reference device. */
export interface DemoDevice {
  host: string;
  port: number;
  telnetPort: number | null;
  url: string;
  stateDir: string;
  weaknesses: readonly DemoWeakness[];
  /** Simulates a power cycle: off the network for rebootDelayMs, then back with what is on disk. */
  restart: () => Promise<void>;
  close: () => Promise<void>;
}

interface Runtime {
  device: DeviceRecord;
  settings: Record<string, unknown>;
  recordings: Recording[];
  failures: Map<string, { count: number; lockedUntil: number }>;
  sessions: Set<string>;
}

/** Starts the reference device (an HTTP(S) camera-like device with a state folder). */
export async function startDemoDevice(options: DemoDeviceOptions): Promise<DemoDevice> {
  const host = options.host ?? "127.0.0.1";
  const weak = new Set(options.weaknesses ?? []);
  const dir = options.stateDir;
  const paths = statePaths(dir);
  const rebootDelayMs = options.rebootDelayMs ?? 1500;
  const lockoutAfter = options.lockoutAfter ?? 5;
  const lockoutMs = (options.lockoutSeconds ?? 60) * 1000;
  const log = options.log ?? (() => {});
  initState(dir, weak.has("default-password"));

  const boot = (): Runtime => ({
    device: stateFiles.readDevice(dir),
    settings: stateFiles.readSettings(dir),
    recordings: stateFiles.readRecordings(dir),
    failures: new Map(),
    sessions: new Set(),
  });
  let rt = boot();
  if (options.provisionPassword && !rt.device.setUp) {
    rt.device = { ...rt.device, setUp: true, passwordHash: hashPassword(options.provisionPassword) };
    stateFiles.writeDevice(dir, rt.device);
    rt.settings = { ...rt.settings, ntpServer: "ntp.nict.jp", motionDetection: true };
    if (!weak.has("forgets-settings")) stateFiles.writeSettings(dir, rt.settings);
    rt.recordings = [{ id: "rec-0001", at: new Date().toISOString(), name: "front-door motion" }];
    stateFiles.writeRecordings(dir, rt.recordings);
  }
  let rebooting = false;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === "string" ? body : `${JSON.stringify(body)}\n`;
    res.writeHead(status, {
      "Content-Type": typeof body === "string" ? "text/html; charset=utf-8" : "application/json",
      ...headers,
    });
    res.end(text);
  };
  const readBody = (req: IncomingMessage, limit = 8 * 1024 * 1024) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > limit) {
          reject(new Error("too large"));
          req.destroy();
        } else chunks.push(c);
      });
      req.on("end", () => resolve(Buffer.concat(chunks)));
      req.on("error", reject);
    });

  /** Checks a username/password against the record, with the lockout. */
  const login = (username: string, password: string): "ok" | "bad" | "locked" => {
    const f = rt.failures.get(username) ?? { count: 0, lockedUntil: 0 };
    if (!weak.has("no-lockout") && f.lockedUntil > Date.now()) return "locked";
    const ok = username === rt.device.username && checkPassword(rt.device.passwordHash, password);
    if (ok) {
      rt.failures.delete(username);
      return "ok";
    }
    f.count += 1;
    if (!weak.has("no-lockout") && f.count >= lockoutAfter) {
      f.lockedUntil = Date.now() + lockoutMs;
      f.count = 0;
      log(`lockout: ${username} for ${lockoutMs / 1000} s`);
    }
    rt.failures.set(username, f);
    return "bad";
  };
  /** The request's authentication: Basic or the session cookie. */
  const authenticate = (req: IncomingMessage): "ok" | "none" | "bad" | "locked" => {
    const cookie = /(?:^|;\s*)sid=([a-f0-9]+)/.exec(req.headers.cookie ?? "")?.[1];
    if (cookie && rt.sessions.has(cookie)) return "ok";
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (!basic) return "none";
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const i = decoded.indexOf(":");
    return login(decoded.slice(0, i), decoded.slice(i + 1));
  };
  const denied = (res: ServerResponse, a: "none" | "bad" | "locked") => {
    if (a === "locked")
      return send(res, 429, { error: "too many failed logins" }, { "Retry-After": String(lockoutMs / 1000) });
    return send(res, 401, { error: "login required" }, { "WWW-Authenticate": 'Basic realm="JC-CAM-100"' });
  };

  const vendorKey = () => createPublicKey(readFileSync(paths.vendorPub));
  const installUpdate = (image: Buffer, signature: Buffer): { status: number; body: unknown } => {
    const version = imageVersion(image);
    let valid = false;
    try {
      valid = verify(null, image, vendorKey(), signature);
    } catch {
      valid = false;
    }
    if (!valid && !weak.has("accepts-tampered"))
      return { status: 400, body: { error: "signature check failed" } };
    if (version === null) return { status: valid ? 400 : 202, body: { error: "not a firmware image" } };
    rt.device = { ...rt.device, firmware: version };
    stateFiles.writeDevice(dir, rt.device);
    log(`firmware ${version} installed${valid ? "" : " (signature NOT valid)"}`);
    return { status: 200, body: { installed: version } };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://device");
    const route = `${req.method} ${url.pathname}`;
    if (route === "GET /api/info")
      return send(res, 200, {
        model: rt.device.model,
        firmware: rt.device.firmware,
        serial: rt.device.serial,
      });
    if (route === "GET /releases/manifest.json")
      return send(res, 200, readFileSync(paths.releaseManifest, "utf8"), {
        "Content-Type": "application/json",
      });
    if (route === "GET /releases/manifest.json.sig")
      return send(res, 200, readFileSync(paths.releaseManifestSig, "utf8"), { "Content-Type": "text/plain" });
    if (route === "POST /api/setup") {
      if (rt.device.setUp) return send(res, 409, { error: "already set up" });
      let body: { username?: string; password?: string };
      try {
        body = JSON.parse((await readBody(req, 4096)).toString("utf8"));
      } catch {
        return send(res, 400, { error: "JSON body expected" });
      }
      if (typeof body.password !== "string" || body.password.length < 8 || body.password === "admin")
        return send(res, 400, { error: "password: at least 8 characters" });
      rt.device = {
        ...rt.device,
        setUp: true,
        username: body.username ?? rt.device.username,
        passwordHash: hashPassword(body.password),
      };
      stateFiles.writeDevice(dir, rt.device);
      log("first-use set-up done");
      return send(res, 201, { setUp: true });
    }
    if (route === "POST /login") {
      const form = new URLSearchParams((await readBody(req, 4096)).toString("utf8"));
      const r = login(form.get("user") ?? "", form.get("pass") ?? "");
      if (r !== "ok") return denied(res, r);
      const sid = randomBytes(16).toString("hex");
      rt.sessions.add(sid);
      return send(res, 200, { ok: true }, { "Set-Cookie": `sid=${sid}; HttpOnly; Path=/` });
    }
    const a = authenticate(req);
    if (a !== "ok") return denied(res, a);
    switch (route) {
      case "GET /":
        return send(
          res,
          200,
          `<!doctype html><title>${rt.device.model}</title><h1>${rt.device.model}</h1><p>Firmware ${rt.device.firmware}</p></html>`,
        );
      case "GET /api/settings":
        return send(res, 200, rt.settings);
      case "PUT /api/settings": {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse((await readBody(req, 16_384)).toString("utf8"));
        } catch {
          return send(res, 400, { error: "JSON body expected" });
        }
        rt.settings = { ...rt.settings, ...body };
        if (!weak.has("forgets-settings")) stateFiles.writeSettings(dir, rt.settings);
        return send(res, 200, rt.settings);
      }
      case "GET /api/recordings":
        return send(res, 200, rt.recordings);
      case "POST /api/recordings": {
        const rec: Recording = {
          id: `rec-${randomBytes(3).toString("hex")}`,
          at: new Date().toISOString(),
          name: url.searchParams.get("name") ?? "clip",
        };
        rt.recordings = [...rt.recordings, rec];
        stateFiles.writeRecordings(dir, rt.recordings);
        return send(res, 201, rec);
      }
      case "POST /api/update": {
        const body = await readBody(req);
        const type = req.headers["content-type"] ?? "";
        let image: Buffer = body;
        let signature: Buffer = Buffer.from(String(req.headers["x-signature"] ?? ""), "base64");
        const boundary = /boundary=([^;]+)/.exec(type)?.[1];
        if (type.startsWith("multipart/form-data") && boundary) {
          const parts = parseMultipart(body, boundary);
          image = parts.image ?? Buffer.alloc(0);
          const sig = parts.signature ?? Buffer.alloc(0);
          const t = sig.toString("latin1").trim();
          signature = /^[A-Za-z0-9+/=]+$/.test(t) ? Buffer.from(t, "base64") : sig;
        }
        const r = installUpdate(image, signature);
        return send(res, r.status, r.body);
      }
      case "POST /api/reboot":
        send(res, 202, { rebooting: true });
        setTimeout(() => void restart(), 50);
        return;
      case "POST /api/factory-reset": {
        const keep = weak.has("keeps-data-after-reset");
        rt.device = factoryRecord(weak.has("default-password"), rt.device.firmware, rt.device.serial);
        stateFiles.writeDevice(dir, rt.device);
        if (!keep) {
          stateFiles.writeSettings(dir, { ...FACTORY_SETTINGS });
          stateFiles.writeRecordings(dir, []);
        }
        log(`factory reset${keep ? " (user data and settings KEPT)" : ""}`);
        send(res, 202, { resetting: true });
        setTimeout(() => void restart(), 50);
        return;
      }
      default:
        return send(res, 404, { error: "not found" });
    }
  };

  const makeServer = (): Server => {
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      handle(req, res).catch((error: Error) => {
        if (!res.headersSent) send(res, 500, { error: error.message });
        else res.destroy();
      });
    };
    return options.tls
      ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener)
      : createHttpServer(listener);
  };
  const makeTelnet = (): TcpServer =>
    createTcpServer((socket) => {
      socket.on("error", () => {});
      socket.end(
        Buffer.concat([
          Buffer.from([0xff, 0xfb, 0x01, 0xff, 0xfb, 0x03]),
          Buffer.from("\r\nJC-CAM-100 debug login: "),
        ]),
      );
    });
  const listen = (server: Server | TcpServer, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        const addr = server.address();
        resolve(typeof addr === "object" && addr ? addr.port : port);
      });
    });
  const stop = (server: Server | TcpServer) =>
    new Promise<void>((resolve) => {
      if ("closeAllConnections" in server) server.closeAllConnections();
      server.close(() => resolve());
    });

  let http = makeServer();
  const port = await listen(http, options.port ?? 0);
  let telnet: TcpServer | null = null;
  let telnetPort: number | null = null;
  if (weak.has("telnet-port")) {
    telnet = makeTelnet();
    telnetPort = await listen(telnet, options.telnetPort ?? 0);
  }
  log(
    `listening on ${host}:${port}${telnetPort ? `, telnet-like ${telnetPort}` : ""} (${[...weak].join(", ") || "no weaknesses"})`,
  );

  let closed = false;
  const restart = async () => {
    if (rebooting || closed) return;
    rebooting = true;
    log("restarting…");
    await Promise.all([stop(http), telnet ? stop(telnet) : Promise.resolve()]);
    await new Promise((r) => setTimeout(r, rebootDelayMs));
    if (closed) return;
    rt = boot();
    http = makeServer();
    await listen(http, port);
    if (telnet && telnetPort) {
      telnet = makeTelnet();
      await listen(telnet, telnetPort);
    }
    rebooting = false;
    log(`back: firmware ${rt.device.firmware}, set up: ${rt.device.setUp}`);
  };

  return {
    host,
    port,
    telnetPort,
    url: `${options.tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`,
    stateDir: dir,
    weaknesses: [...weak],
    restart,
    close: async () => {
      closed = true;
      await Promise.all([stop(http), telnet ? stop(telnet) : Promise.resolve()]);
    },
  };
}

/** The parts of a multipart/form-data body by field name. */
export function parseMultipart(body: Buffer, boundary: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    if (split !== -1) {
      const name = /name="([^"]+)"/.exec(part.subarray(0, split).toString("latin1"))?.[1];
      if (name) out[name] = part.subarray(split + 4);
    }
    start = next;
  }
  return out;
}
