import { randomBytes } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { PROTOCOL_CODES, type ProtocolName } from "../tls/versions.ts";

/** How the scripted server behaves: the protocols and suites it "supports", in its preference order. */
export interface ScriptedTlsConfig {
  protocols: readonly ProtocolName[];
  /** Suite codes, server preference first. */
  suites: readonly number[];
  /** DER certificate sent in the Certificate message. */
  certificateDer?: Buffer;
}

/** A parsed ClientHello (only what the scripted server needs). */
interface Hello {
  version: number;
  suites: number[];
  supportedVersions: number[] | null;
}

function parseClientHello(data: Buffer): Hello | null {
  if (data.length < 9 || data[0] !== 22 || data[5] !== 1) return null;
  const body = data.subarray(9);
  let p = 0;
  const version = body.readUInt16BE(p);
  p += 2 + 32;
  p += 1 + (body[p] as number);
  const suitesLength = body.readUInt16BE(p);
  const suites: number[] = [];
  for (let i = 0; i < suitesLength; i += 2) suites.push(body.readUInt16BE(p + 2 + i));
  p += 2 + suitesLength;
  p += 1 + (body[p] as number);
  let supportedVersions: number[] | null = null;
  if (p + 2 <= body.length) {
    const end = p + 2 + body.readUInt16BE(p);
    p += 2;
    while (p + 4 <= end) {
      const type = body.readUInt16BE(p);
      const length = body.readUInt16BE(p + 2);
      if (type === 0x002b) {
        supportedVersions = [];
        for (let i = 1; i < length; i += 2) supportedVersions.push(body.readUInt16BE(p + 4 + i));
      }
      p += 4 + length;
    }
  }
  return { version, suites, supportedVersions };
}

const record = (type: number, version: number, body: Buffer) =>
  Buffer.concat([
    Buffer.from([type, version >> 8, version & 0xff, body.length >> 8, body.length & 0xff]),
    body,
  ]);
const handshake = (type: number, body: Buffer) =>
  Buffer.concat([
    Buffer.from([type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]),
    body,
  ]);
const u24 = (n: number) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);

/** The bytes the scripted server answers to one ClientHello (a ServerHello flight or an alert). */
export function scriptedAnswer(config: ScriptedTlsConfig, data: Buffer): Buffer {
  if (((data[0] as number) & 0x80) !== 0 && data[2] === 1) {
    if (!config.protocols.includes("SSLv2")) return Buffer.alloc(0);
    const cert = config.certificateDer ?? Buffer.alloc(0);
    const specs = Buffer.from([0x01, 0x00, 0x80]);
    const connectionId = randomBytes(16);
    const body = Buffer.concat([
      Buffer.from([4, 0, 1, 0x00, 0x02, cert.length >> 8, cert.length & 0xff, 0, 3, 0, 16]),
      cert,
      specs,
      connectionId,
    ]);
    return Buffer.concat([Buffer.from([0x80 | (body.length >> 8), body.length & 0xff]), body]);
  }
  const hello = parseClientHello(data);
  if (!hello) return Buffer.alloc(0);
  const offered = hello.supportedVersions ?? [];
  const mine = config.protocols.filter((p) => p !== "SSLv2" && p !== "TLSv1.3").map((p) => PROTOCOL_CODES[p]);
  const clientMax = hello.supportedVersions
    ? Math.max(...offered.filter((v) => v <= 0x0303), 0)
    : hello.version;
  const version = mine.filter((v) => v <= clientMax).sort((a, b) => b - a)[0];
  const alertVersion = Math.min(hello.version, 0x0303);
  if (version === undefined) return record(21, alertVersion, Buffer.from([2, 70]));
  const suite = config.suites.find((s) => hello.suites.includes(s));
  if (suite === undefined) return record(21, version, Buffer.from([2, 40]));
  const serverHello = handshake(
    2,
    Buffer.concat([
      Buffer.from([version >> 8, version & 0xff]),
      randomBytes(32),
      Buffer.from([0, suite >> 8, suite & 0xff, 0]),
    ]),
  );
  const parts = [serverHello];
  if (config.certificateDer) {
    const der = config.certificateDer;
    parts.push(handshake(11, Buffer.concat([u24(der.length + 3), u24(der.length), der])));
  }
  parts.push(handshake(14, Buffer.alloc(0)));
  return record(22, version, Buffer.concat(parts));
}

/**
 * A small TCP server on 127.0.0.1 that answers ClientHellos with crafted ServerHellos for protocols
 * and suites today's OpenSSL no longer serves (SSLv2, SSLv3, RC4, 3DES …). It never completes a
 * handshake: after its flight it waits for the client to close (at most 2 s).
 */
export function startScriptedTlsServer(
  config: ScriptedTlsConfig,
  port = 0,
): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.setTimeout(2000, () => socket.destroy());
    let buffer = Buffer.alloc(0);
    let answered = false;
    socket.on("data", (chunk: Buffer) => {
      if (answered) return;
      buffer = Buffer.concat([buffer, chunk]);
      const need =
        ((buffer[0] as number) & 0x80) !== 0
          ? 2 + ((((buffer[0] as number) & 0x7f) << 8) | (buffer[1] as number))
          : 5 + (buffer.length >= 5 ? buffer.readUInt16BE(3) : 0);
      if (buffer.length < 5 || buffer.length < need) return;
      answered = true;
      const answer = scriptedAnswer(config, buffer);
      if (answer.length === 0) socket.destroy();
      else socket.write(answer);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : 0;
      resolve({
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
