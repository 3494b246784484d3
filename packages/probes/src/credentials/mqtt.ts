import { connackReturnCode, MQTT_DISCONNECT } from "../ports/mqtt-packets.ts";
import { Conversation } from "./conversation.ts";
import { type Attempt, type LoginSession, type LoginTarget, monoMs } from "./session.ts";

const CONNACK_NAMES: Record<number, string> = {
  0: "accepted",
  1: "unacceptable protocol version",
  2: "identifier rejected",
  3: "server unavailable",
  4: "bad user name or password",
  5: "not authorised",
};

function utf8Field(value: string): Buffer {
  const bytes = Buffer.from(value, "utf8");
  return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
}

function remainingLength(n: number): Buffer {
  const out: number[] = [];
  let x = n;
  do {
    let byte = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) byte |= 0x80;
    out.push(byte);
  } while (x > 0);
  return Buffer.from(out);
}

/** An MQTT 3.1.1 CONNECT, with a user name and password when given. */
export function mqttLoginPacket(clientId: string, username: string | null, password: string | null): Buffer {
  let flags = 0x02; // clean session
  if (username !== null) flags |= 0x80;
  if (username !== null && password !== null) flags |= 0x40;
  const variable = Buffer.concat([utf8Field("MQTT"), Buffer.from([0x04, flags, 0x00, 0x0a])]);
  const payload = Buffer.concat([
    utf8Field(clientId),
    ...(username !== null ? [utf8Field(username)] : []),
    ...(username !== null && password !== null ? [utf8Field(password)] : []),
  ]);
  const rest = Buffer.concat([variable, payload]);
  return Buffer.concat([Buffer.from([0x10]), remainingLength(rest.length), rest]);
}

/**
 * MQTT / MQTTS logins: one CONNECT per connection (the protocol allows no second try).
 * CONNACK 0 accepted, 4/5 refused, 3 throttled (server unavailable); no CONNACK is an error.
 */
export function mqttSession(target: LoginTarget): LoginSession {
  let seq = 0;
  let connectedBefore = false;
  return {
    close() {},
    async attempt(username, password): Promise<Attempt> {
      const conn = await Conversation.open(target.address, target.service.port, {
        tls: target.service.protocol === "mqtts",
        serverName: target.hostName,
        timeoutMs: target.connectTimeoutMs,
      });
      if (!(conn instanceof Conversation))
        return {
          outcome: connectedBefore && conn.error !== "TIMEOUT" ? "blocked" : "error",
          reply: `no connection (${conn.error})`,
          error: conn.error,
          latencyMs: 0,
          closed: true,
          reconnected: false,
        };
      connectedBefore = true;
      seq += 1;
      const started = monoMs();
      conn.write(mqttLoginPacket(`jcstar-${process.pid}-${seq}`, username, password));
      const end = await conn.waitFor((d) => d.length >= 4, target.attemptTimeoutMs);
      const latencyMs = monoMs() - started;
      const rc = connackReturnCode(conn.data);
      if (rc === 0) conn.write(MQTT_DISCONNECT);
      conn.close();
      // One CONNECT per connection is the protocol: only a connection lost before the CONNACK counts as closed.
      const base = { latencyMs, closed: rc === null, reconnected: false };
      if (rc === null) {
        const error = end === "timeout" ? "TIMEOUT" : (conn.error ?? "closed without CONNACK");
        return { ...base, outcome: "error", reply: `no CONNACK (${error})`, error };
      }
      const reply = `CONNACK ${rc} (${CONNACK_NAMES[rc] ?? "unknown"})`;
      if (rc === 0) return { ...base, outcome: "accepted", reply, status: rc };
      if (rc === 4 || rc === 5) return { ...base, outcome: "refused", reply, status: rc };
      if (rc === 3) return { ...base, outcome: "throttled", reply, status: rc };
      return { ...base, outcome: "error", reply, status: rc, error: reply };
    },
  };
}
