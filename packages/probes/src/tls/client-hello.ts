import { generateKeyPairSync, randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { legacySuiteCodes, tls13SuiteCodes } from "./cipher-suites.ts";
import { PROTOCOL_CODES, type ProtocolName } from "./versions.ts";

/** What to put into a hand-built ClientHello. */
export interface ClientHelloOptions {
  protocol: Exclude<ProtocolName, "SSLv2">;
  /** Suites to offer; default: every known suite valid for the protocol. */
  suites?: readonly number[];
  /** Host name for SNI (not sent for IP addresses). */
  serverName?: string;
}

const u8 = (n: number) => Buffer.from([n & 0xff]);
const u16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const u24 = (n: number) => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const vec8 = (b: Buffer) => Buffer.concat([u8(b.length), b]);
const vec16 = (b: Buffer) => Buffer.concat([u16(b.length), b]);
const list16 = (values: readonly number[]) => vec16(Buffer.concat(values.map(u16)));
const ext = (type: number, body: Buffer) => Buffer.concat([u16(type), vec16(body)]);

const GROUPS = [0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101, 0x0016, 0x0015, 0x0013];
const SIGNATURE_ALGORITHMS = [
  0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0807, 0x0808, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501,
  0x0601, 0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602, 0x0203, 0x0201, 0x0202,
];
const SCSV_RENEGOTIATION = 0x00ff;

/** An X25519 public key for the TLS 1.3 key_share extension (raw 32 bytes). */
function x25519PublicKey(): Buffer {
  const { publicKey } = generateKeyPairSync("x25519");
  const der = publicKey.export({ type: "spki", format: "der" });
  return der.subarray(der.length - 32);
}

function extensions(options: ClientHelloOptions): Buffer {
  const exts: Buffer[] = [];
  const name = options.serverName;
  if (name && isIP(name) === 0) {
    const hostName = Buffer.from(name, "ascii");
    exts.push(ext(0x0000, vec16(Buffer.concat([u8(0), vec16(hostName)]))));
  }
  exts.push(ext(0x000a, list16(GROUPS))); // supported_groups
  exts.push(ext(0x000b, vec8(Buffer.from([0])))); // ec_point_formats: uncompressed
  exts.push(ext(0x000d, list16(SIGNATURE_ALGORITHMS))); // signature_algorithms
  exts.push(ext(0x0023, Buffer.alloc(0))); // session_ticket
  exts.push(ext(0x0017, Buffer.alloc(0))); // extended_master_secret
  if (options.protocol === "TLSv1.3") {
    exts.push(ext(0x002b, vec8(u16(PROTOCOL_CODES["TLSv1.3"])))); // supported_versions: 1.3 only
    exts.push(ext(0x002d, vec8(Buffer.from([1])))); // psk_key_exchange_modes: psk_dhe_ke
    const share = Buffer.concat([u16(0x001d), vec16(x25519PublicKey())]);
    exts.push(ext(0x0033, vec16(share))); // key_share: x25519
  }
  return Buffer.concat(exts);
}

/**
 * A complete TLS record holding a ClientHello for one protocol version (SSLv3 to TLS 1.3),
 * built byte by byte so that protocols and suites the local OpenSSL cannot speak can be offered.
 * A TLS 1.3 hello offers only version 1.3 (supported_versions), so any ServerHello proves 1.3.
 * SSLv3 hellos carry no extensions, as real SSLv3 clients did.
 */
export function buildClientHello(options: ClientHelloOptions): Buffer {
  const tls13 = options.protocol === "TLSv1.3";
  const version = tls13 ? PROTOCOL_CODES["TLSv1.2"] : PROTOCOL_CODES[options.protocol];
  const suites = [
    ...(options.suites ?? (tls13 ? tls13SuiteCodes() : legacySuiteCodes())),
    SCSV_RENEGOTIATION,
  ];
  const parts = [
    u16(version),
    randomBytes(32),
    vec8(tls13 ? randomBytes(32) : Buffer.alloc(0)), // legacy_session_id (1.3 middlebox compatibility)
    list16(suites),
    vec8(Buffer.from([0])), // compression: null only
  ];
  if (options.protocol !== "SSLv3") parts.push(vec16(extensions(options)));
  const body = Buffer.concat(parts);
  const handshake = Buffer.concat([u8(1), u24(body.length), body]);
  const recordVersion = options.protocol === "SSLv3" ? 0x0300 : 0x0301;
  return Buffer.concat([u8(22), u16(recordVersion), u16(handshake.length), handshake]);
}

/** SSLv2 cipher specs (3 bytes each): RC4, RC2, IDEA, DES, 3DES and their export variants. */
const SSL2_CIPHER_SPECS = [0x010080, 0x020080, 0x030080, 0x040080, 0x050080, 0x060040, 0x0700c0];

/** An SSLv2 CLIENT-HELLO (2-byte record header), as testssl.sh sends to detect SSLv2. */
export function buildSslv2ClientHello(): Buffer {
  const specs = Buffer.concat(SSL2_CIPHER_SPECS.map(u24));
  const challenge = randomBytes(16);
  const body = Buffer.concat([
    u8(1), // CLIENT-HELLO
    u16(0x0002),
    u16(specs.length),
    u16(0), // session id length
    u16(challenge.length),
    specs,
    challenge,
  ]);
  return Buffer.concat([u16(0x8000 | body.length), body]);
}
