import { createSocket } from "node:dgram";
import { createRequire } from "node:module";
import { isIP } from "node:net";
import { exchange } from "../net/exchange.ts";
import { connackReturnCode } from "../ports/mqtt-packets.ts";
import { snmpGetSysDescr } from "../ports/udp-packets.ts";
import type { ValueSource } from "../profile/device-schema.ts";
import type { ProfileService } from "../profile/schema.ts";
import { type Credentials, credentialsOf, type DeviceContext, serviceFor } from "./context.ts";
import { HttpSession, type LoginOutcome } from "./http.ts";

/** A value read from the device, or why it could not be read. */
export type ReadResult =
  | { ok: true; value: unknown; text: string; where: string }
  | { ok: false; error: string; where: string; status?: number; absent?: boolean };

/** Where a source reads from, for logs: `http web GET /api/info#firmware`. */
export function describeSource(ctx: DeviceContext, source: ValueSource): string {
  if (source.http) {
    const s = serviceFor(ctx, "http", source.http.service);
    return `http ${s.id} GET ${source.http.path}${source.http.json ? `#${source.http.json}` : ""}`;
  }
  if (source.mqtt) {
    const s = serviceFor(ctx, "mqtt", source.mqtt.service);
    return `mqtt ${s.id} ${source.mqtt.topic}${source.mqtt.json ? `#${source.mqtt.json}` : ""}`;
  }
  if (source.ssh) return `ssh ${serviceFor(ctx, "ssh", source.ssh.service).id} ${source.ssh.command}`;
  const port = typeof source.snmp === "object" ? source.snmp.port : 161;
  return `snmp udp/${port} sysDescr.0`;
}

/** Reads one value from the device (never throws). */
export async function readSource(ctx: DeviceContext, source: ValueSource): Promise<ReadResult> {
  const where = describeSource(ctx, source);
  try {
    if (source.http) {
      const service = serviceFor(ctx, "http", source.http.service);
      const session = new HttpSession(ctx, service, credentialsOf(ctx, service));
      const answer = await session.request("GET", source.http.path);
      if (answer.status === 0) return { ok: false, error: answer.error ?? "no answer", where };
      if (answer.status < 200 || answer.status >= 300)
        return { ok: false, error: `HTTP ${answer.status}`, where, status: answer.status };
      return extract(answer.body.toString("utf8"), source.http, where);
    }
    if (source.mqtt) {
      const service = serviceFor(ctx, "mqtt", source.mqtt.service);
      const payload = await mqttRetained(ctx, service, source.mqtt.topic);
      return extract(payload, source.mqtt, where);
    }
    if (source.ssh) {
      const service = serviceFor(ctx, "ssh", source.ssh.service);
      const out = await sshExec(ctx, service, source.ssh.command);
      return extract(out, { regex: source.ssh.regex }, where);
    }
    const snmp = typeof source.snmp === "object" ? source.snmp : { port: 161, community: "public" };
    const text = await snmpSysDescr(ctx.address, snmp.port, snmp.community, ctx.timeoutMs);
    return extract(text, { regex: typeof source.snmp === "object" ? source.snmp.regex : undefined }, where);
  } catch (error) {
    const absent = (error as { absent?: boolean }).absent === true;
    return { ok: false, error: (error as Error).message, where, ...(absent ? { absent } : {}) };
  }
}

/** Applies `json` (dotted path) and/or `regex` (first group, else the match) to an answer. */
export function extract(
  body: string,
  how: { json?: string | undefined; regex?: string | undefined },
  where: string,
): ReadResult {
  let value: unknown = body;
  if (how.json !== undefined) {
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch {
      return { ok: false, error: "answer is not JSON", where };
    }
    value = jsonPath(doc, how.json);
    if (value === undefined) return { ok: false, error: `no ${how.json} in the answer`, where };
  } else if (how.regex === undefined) {
    try {
      value = JSON.parse(body);
    } catch {
      value = body.trim();
    }
  }
  if (how.regex !== undefined) {
    const subject = typeof value === "string" ? value : JSON.stringify(value);
    const m = new RegExp(how.regex).exec(subject);
    if (!m) return { ok: false, error: `no match for /${how.regex}/`, where };
    value = m[1] ?? m[0];
  }
  return { ok: true, value, text: typeof value === "string" ? value : JSON.stringify(value), where };
}

/** `a.b.0.c` into a parsed JSON document. */
export function jsonPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** True for a non-empty array, object or string (the `expect: nonEmpty` check). */
export function isNonEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === "object") return Object.keys(value).length > 0;
  if (typeof value === "string") return value.trim().length > 0;
  return value !== undefined && value !== null;
}

/** Subscribes to `topic` and returns the first (retained) message; rejects after the time limit. */
async function mqttRetained(ctx: DeviceContext, service: ProfileService, topic: string): Promise<string> {
  const creds = credentialsOf(ctx, service);
  const scheme = service.protocol === "mqtts" ? "mqtts" : "mqtt";
  const client = mqttLib().connect(`${scheme}://${ctx.address}:${service.port}`, {
    ...(creds ? { username: creds.username, password: creds.password } : {}),
    connectTimeout: ctx.timeoutMs,
    reconnectPeriod: 0,
    clientId: `jcstar-probe-${process.pid}-${Date.now().toString(36)}`,
    rejectUnauthorized: false,
  });
  try {
    return await new Promise<string>((resolve, reject) => {
      let timer = setTimeout(() => reject(new Error(`no message on ${topic} (TIMEOUT)`)), ctx.timeoutMs);
      client.on("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      client.on("message", (_t, payload) => {
        clearTimeout(timer);
        resolve(payload.toString("utf8"));
      });
      client.on("connect", () =>
        client.subscribe(topic, { qos: 0 }, (error) => {
          if (error) return;
          // Retained messages follow the SUBACK at once: after a short wait there is none.
          clearTimeout(timer);
          timer = setTimeout(
            () => reject(Object.assign(new Error(`no retained message on ${topic}`), { absent: true })),
            Math.min(ctx.timeoutMs, 1000),
          );
        }),
      );
    });
  } finally {
    client.end(true);
  }
}

/** mqtt and ssh2 load when a device action first needs them, not with every import of @jcstar/probes. */
const requireHere = createRequire(import.meta.url);
const mqttLib = () => requireHere("mqtt") as typeof import("mqtt");

function sshConnect(ctx: DeviceContext, service: ProfileService, creds: Credentials | undefined) {
  const client = new (requireHere("ssh2") as typeof import("ssh2")).Client();
  client.connect({
    host: ctx.address,
    port: service.port,
    ...(creds ? { username: creds.username, password: creds.password } : { username: "jcstar" }),
    readyTimeout: ctx.timeoutMs,
    tryKeyboard: false,
    hostVerifier: () => true,
  });
  return client;
}

/** Runs `command` over SSH with the service's credentials and returns its standard output. */
function sshExec(ctx: DeviceContext, service: ProfileService, command: string): Promise<string> {
  const client = sshConnect(ctx, service, credentialsOf(ctx, service));
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.end();
      reject(new Error("TIMEOUT"));
    }, ctx.timeoutMs * 2);
    const fail = (e: Error) => {
      clearTimeout(timer);
      client.end();
      reject(e);
    };
    client.on("error", fail);
    client.on("ready", () => {
      client.exec(command, (err, stream) => {
        if (err) return fail(err);
        let out = "";
        stream.on("data", (d: Buffer) => {
          if (out.length < 65_536) out += d.toString("utf8");
        });
        stream.stderr.on("data", () => {});
        stream.on("close", () => {
          clearTimeout(timer);
          client.end();
          resolve(out.trim());
        });
      });
    });
  });
}

/** SNMPv2c GET sysDescr.0: the OCTET STRING of the answer's varbind. */
export function snmpSysDescr(
  host: string,
  port: number,
  community: string,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIP(host) === 6 ? "udp6" : "udp4");
    const timers: NodeJS.Timeout[] = [];
    let done = false;
    const finish = (error: Error | null, value?: string) => {
      if (done) return;
      done = true;
      for (const t of timers) clearTimeout(t);
      socket.close();
      if (error) reject(error);
      else resolve(value ?? "");
    };
    const send = () => socket.send(snmpGetSysDescr(community), (e) => e && finish(e));
    socket.on("message", (data) => {
      const value = snmpResponseValue(data);
      if (value !== null) finish(null, value);
    });
    socket.on("error", (e) => finish(e));
    socket.connect(port, host, () => {
      send();
      timers.push(setTimeout(send, timeoutMs / 2));
    });
    timers.push(setTimeout(() => finish(new Error("no SNMP answer (TIMEOUT)")), timeoutMs));
  });
}

interface Tlv {
  tag: number;
  value: Buffer;
}

function readTlvs(buf: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  while (i + 2 <= buf.length) {
    const tag = buf[i] as number;
    let len = buf[i + 1] as number;
    let head = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 3 || i + 2 + n > buf.length) return out;
      len = 0;
      for (let k = 0; k < n; k++) len = (len << 8) | (buf[i + 2 + k] as number);
      head = 2 + n;
    }
    if (i + head + len > buf.length) return out;
    out.push({ tag, value: buf.subarray(i + head, i + head + len) });
    i += head + len;
  }
  return out;
}

/** The first varbind value of an SNMP GetResponse as text, or null when `data` is not one. */
export function snmpResponseValue(data: Buffer): string | null {
  const [message] = readTlvs(data);
  if (message?.tag !== 0x30) return null;
  const pdu = readTlvs(message.value).find((t) => t.tag === 0xa2);
  if (!pdu) return null;
  const fields = readTlvs(pdu.value);
  const error = fields[1];
  if (error && error.value.length > 0 && error.value.readUIntBE(0, error.value.length) !== 0) return null;
  const list = fields[3];
  if (!list) return null;
  const [varbind] = readTlvs(list.value);
  if (!varbind) return null;
  const [, value] = readTlvs(varbind.value);
  if (value?.tag !== 0x04) return null;
  return value.value.toString("utf8");
}

/** One login attempt on a service (HTTP Basic/form, MQTT CONNECT, SSH password). */
export async function tryLogin(
  ctx: DeviceContext,
  service: ProfileService,
  creds: Credentials,
): Promise<{ outcome: LoginOutcome; detail: string }> {
  if (service.protocol === "http" || service.protocol === "https") {
    const { outcome, answer } = await new HttpSession(ctx, service, creds).login();
    return { outcome, detail: answer.status ? `HTTP ${answer.status}` : (answer.error ?? "no answer") };
  }
  if (service.protocol === "mqtts") return mqttLibLogin(ctx, service, creds);
  if (service.protocol === "mqtt") {
    const answer = await exchange(ctx.address, service.port, {
      timeoutMs: ctx.timeoutMs,
      send: (socket) => socket.write(mqttConnectWithLogin(creds)),
      until: (d) => d.length >= 4,
    });
    const rc = connackReturnCode(answer.data);
    if (rc === null) return { outcome: "error", detail: answer.error ?? "no CONNACK" };
    return {
      outcome: rc === 0 ? "accepted" : rc === 4 || rc === 5 ? "refused" : "error",
      detail: `CONNACK rc=${rc}`,
    };
  }
  if (service.protocol === "ssh") {
    const client = sshConnect(ctx, service, creds);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        client.end();
        resolve({ outcome: "error", detail: "TIMEOUT" });
      }, ctx.timeoutMs * 2);
      client.on("ready", () => {
        clearTimeout(timer);
        client.end();
        resolve({ outcome: "accepted", detail: "ssh ready" });
      });
      client.on("error", (e: Error & { level?: string }) => {
        clearTimeout(timer);
        client.end();
        resolve({
          outcome: e.level === "client-authentication" ? "refused" : "error",
          detail: e.message,
        });
      });
    });
  }
  return { outcome: "error", detail: `no login check for ${service.protocol}` };
}

/** MQTT 3.1.1 CONNECT with username and password. */
export function mqttConnectWithLogin(creds: Credentials, clientId = "jcstar-probe"): Buffer {
  const str = (s: string) => {
    const b = Buffer.from(s, "utf8");
    return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
  };
  const variable = Buffer.concat([str("MQTT"), Buffer.from([0x04, 0xc2, 0x00, 0x0a])]);
  const payload = Buffer.concat([str(clientId), str(creds.username), str(creds.password)]);
  let remaining = variable.length + payload.length;
  const len: number[] = [];
  do {
    let byte = remaining % 128;
    remaining = Math.floor(remaining / 128);
    if (remaining > 0) byte |= 0x80;
    len.push(byte);
  } while (remaining > 0);
  return Buffer.concat([Buffer.from([0x10, ...len]), variable, payload]);
}

function mqttLibLogin(
  ctx: DeviceContext,
  service: ProfileService,
  creds: Credentials,
): Promise<{ outcome: LoginOutcome; detail: string }> {
  const client = mqttLib().connect(`mqtts://${ctx.address}:${service.port}`, {
    username: creds.username,
    password: creds.password,
    connectTimeout: ctx.timeoutMs,
    reconnectPeriod: 0,
    rejectUnauthorized: false,
  });
  return new Promise((resolve) => {
    const finish = (outcome: LoginOutcome, detail: string) => {
      clearTimeout(timer);
      client.end(true);
      resolve({ outcome, detail });
    };
    const timer = setTimeout(() => finish("error", "TIMEOUT"), ctx.timeoutMs);
    client.on("connect", () => finish("accepted", "CONNACK rc=0"));
    client.on("error", (e: Error & { code?: unknown }) =>
      finish(e.code === 4 || e.code === 5 ? "refused" : "error", e.message),
    );
  });
}
