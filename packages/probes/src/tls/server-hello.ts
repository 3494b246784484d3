/** What a server answered to a hand-built hello. */
export interface ServerResponse {
  /** True when enough was read to decide (ServerHelloDone, a TLS 1.3 ServerHello, an alert or an SSLv2 hello). */
  complete: boolean;
  kind: "server-hello" | "hello-retry" | "alert" | "sslv2-server-hello" | "other" | "none";
  /** Negotiated wire version (from supported_versions for TLS 1.3). */
  version?: number;
  cipherSuite?: number;
  /** Alert level and description when the server refused. */
  alert?: { level: number; description: number };
  /** DER certificates sent in clear (TLS ≤ 1.2 Certificate message or SSLv2 hello). */
  certificates: Buffer[];
}

const HRR_RANDOM = "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c";

/**
 * Reads the bytes a server sent after a ClientHello: TLS records (handshake or alert) or an
 * SSLv2 SERVER-HELLO. Tolerates truncated input (returns `complete: false`). Never throws.
 */
export function parseServerResponse(data: Buffer): ServerResponse {
  const out: ServerResponse = {
    complete: false,
    kind: data.length === 0 ? "none" : "other",
    certificates: [],
  };
  if (data.length >= 3 && (data[0] as number) & 0x80 && data[2] === 4) return parseSslv2(data, out);
  const handshake: Buffer[] = [];
  let offset = 0;
  while (offset + 5 <= data.length) {
    const type = data[offset] as number;
    const length = data.readUInt16BE(offset + 3);
    if (offset + 5 + length > data.length) break;
    const fragment = data.subarray(offset + 5, offset + 5 + length);
    offset += 5 + length;
    if (type === 21 && fragment.length >= 2) {
      if (out.kind === "other" || out.kind === "none") {
        out.kind = "alert";
        out.alert = { level: fragment[0] as number, description: fragment[1] as number };
      }
      out.complete = true;
      return out;
    }
    if (type === 22) handshake.push(fragment);
    else if (type !== 20 && type !== 23)
      return { ...out, complete: true, kind: out.kind === "none" ? "other" : out.kind };
  }
  if (offset === 0 && data.length >= 5 && !(data[0] === 21 || data[0] === 22)) out.complete = true;
  readHandshakeMessages(Buffer.concat(handshake), out);
  return out;
}

function readHandshakeMessages(stream: Buffer, out: ServerResponse): void {
  let offset = 0;
  while (offset + 4 <= stream.length) {
    const type = stream[offset] as number;
    const length = stream.readUIntBE(offset + 1, 3);
    if (offset + 4 + length > stream.length) return;
    const body = stream.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
    if (type === 2) {
      readServerHello(body, out);
      if (out.version === 0x0304 || out.kind === "hello-retry") out.complete = true;
    } else if (type === 11) {
      out.certificates = readCertificates(body);
    } else if (type === 14) {
      out.complete = true;
    }
  }
}

function readServerHello(body: Buffer, out: ServerResponse): void {
  if (body.length < 38) return;
  out.kind = body.subarray(2, 34).toString("hex") === HRR_RANDOM ? "hello-retry" : "server-hello";
  out.version = body.readUInt16BE(0);
  let p = 34;
  const sessionIdLength = body[p] as number;
  p += 1 + sessionIdLength;
  if (p + 3 > body.length) return;
  out.cipherSuite = body.readUInt16BE(p);
  p += 3; // suite + compression method
  if (p + 2 > body.length) return;
  const end = Math.min(body.length, p + 2 + body.readUInt16BE(p));
  p += 2;
  while (p + 4 <= end) {
    const type = body.readUInt16BE(p);
    const length = body.readUInt16BE(p + 2);
    if (type === 0x002b && length === 2) out.version = body.readUInt16BE(p + 4);
    p += 4 + length;
  }
}

function readCertificates(body: Buffer): Buffer[] {
  const certs: Buffer[] = [];
  if (body.length < 3) return certs;
  const end = Math.min(body.length, 3 + body.readUIntBE(0, 3));
  let p = 3;
  while (p + 3 <= end) {
    const length = body.readUIntBE(p, 3);
    if (p + 3 + length > end) break;
    certs.push(Buffer.from(body.subarray(p + 3, p + 3 + length)));
    p += 3 + length;
  }
  return certs;
}

function parseSslv2(data: Buffer, out: ServerResponse): ServerResponse {
  const length = (((data[0] as number) & 0x7f) << 8) | (data[1] as number);
  if (data.length < 2 + length || length < 11) return out;
  const body = data.subarray(2, 2 + length);
  out.kind = "sslv2-server-hello";
  out.complete = true;
  out.version = body.readUInt16BE(3);
  const certLength = body.readUInt16BE(5);
  if (11 + certLength <= body.length && certLength > 0)
    out.certificates = [Buffer.from(body.subarray(11, 11 + certLength))];
  return out;
}
