import { exchange } from "../net/exchange.ts";
import { buildClientHello } from "../tls/client-hello.ts";
import { parseServerResponse } from "../tls/server-hello.ts";
import { connackReturnCode, mqttConnectPacket } from "./mqtt-packets.ts";
import { WELL_KNOWN_TCP } from "./well-known.ts";

/** What an open port seems to be. */
export interface ServiceGuess {
  /** Service name (`ssh`, `telnet`, `ftp`, `http`, `tls`, `mqtt`, … or `unknown`). */
  service: string;
  /** How the name was decided: from the banner/answer, or only from the port number. */
  method: "banner" | "probe" | "port";
  /** First printable bytes the service sent (at most 200 characters). */
  banner?: string;
  /** `none` when the service let an anonymous client in (MQTT CONNACK 0, FTP anonymous login). */
  authentication?: "none" | "required";
}

/** Time limits of identifyService(). */
export interface IdentifyOptions {
  /** How long to wait for a banner the server sends on its own (default 800 ms). */
  bannerWaitMs?: number;
  /** Time limit of each active probe (HTTP, TLS, MQTT, FTP; default 1500 ms). */
  timeoutMs?: number;
}

/** Printable form of the first bytes of a banner. */
export function printable(data: Buffer): string {
  return data
    .subarray(0, 200)
    .toString("latin1")
    .replace(/[^\x20-\x7e]+/g, " ")
    .trim();
}

/** Service name from a banner the server sent first, or null. */
export function classifyBanner(data: Buffer): string | null {
  const head = data.toString("latin1", 0, Math.min(data.length, 512));
  if (data[0] === 0xff) return "telnet"; // IAC option negotiation
  if (head.startsWith("SSH-")) return "ssh";
  if (/^220[ -].*(SMTP|ESMTP|Postfix|Exim)/i.test(head)) return "smtp";
  if (/^220[ -]/.test(head)) return "ftp";
  if (head.startsWith("RFB ")) return "vnc";
  if (head.startsWith("+OK")) return "pop3";
  if (head.startsWith("* OK")) return "imap";
  if (/(login|username|password)\s*:\s*$/i.test(head)) return "telnet";
  if (/^HTTP\/1\.[01] \d{3}/.test(head)) return "http";
  return null;
}

/**
 * Guesses the service on an open TCP port: waits for a banner; if the server is silent, tries an
 * HTTP request, a TLS ClientHello and an MQTT CONNECT (anonymous), in parallel, each on its own short
 * connection (the first that gets a recognisable answer, in that order, names the service). FTP servers are asked whether they allow anonymous login. Never throws.
 */
export async function identifyService(
  host: string,
  port: number,
  options: IdentifyOptions = {},
): Promise<ServiceGuess> {
  const timeoutMs = options.timeoutMs ?? 1500;
  const first = await exchange(host, port, {
    timeoutMs: options.bannerWaitMs ?? 800,
    maxBytes: 4096,
    until: (d) => d.length > 0,
  });
  if (first.data.length > 0) {
    const service = classifyBanner(first.data);
    const guess: ServiceGuess = service
      ? { service, method: "banner", banner: printable(first.data) }
      : { ...byPort(port), banner: printable(first.data) };
    if (service === "ftp")
      guess.authentication = (await ftpAnonymous(host, port, timeoutMs)) ? "none" : "required";
    return guess;
  }
  const [http, tls, mqtt] = await Promise.all([
    exchange(host, port, {
      timeoutMs,
      send: `GET / HTTP/1.0\r\nHost: ${host}\r\nUser-Agent: jcstar-probe\r\n\r\n`,
      until: (d) => d.includes("\r\n\r\n"),
      maxBytes: 8192,
    }),
    exchange(host, port, {
      timeoutMs,
      send: buildClientHello({ protocol: "TLSv1.2" }),
      until: (d) => parseServerResponse(d).complete,
    }),
    exchange(host, port, { timeoutMs, send: mqttConnectPacket(), until: (d) => d.length >= 4 }),
  ]);
  const httpHead = http.data.toString("latin1");
  if (/^HTTP\/\d(\.\d)? \d{3}/.test(httpHead)) {
    const server = /^server:\s*(.*)$/im.exec(httpHead)?.[1]?.trim();
    const status = Number(httpHead.slice(9, 12));
    const service = /upnp/i.test(server ?? "") ? "upnp" : "http";
    const line = `${httpHead.split("\r\n")[0]}${server ? ` | Server: ${server}` : ""}`;
    const guess: ServiceGuess = { service, method: "probe", banner: printable(Buffer.from(line, "latin1")) };
    if (status === 401) guess.authentication = "required";
    return guess;
  }
  const hello = parseServerResponse(tls.data);
  if (hello.kind === "server-hello" || hello.kind === "hello-retry" || hello.kind === "alert") {
    const hint = WELL_KNOWN_TCP[port];
    return { service: hint === "https" || hint === "mqtts" ? hint : "tls", method: "probe" };
  }
  const rc = connackReturnCode(mqtt.data);
  if (rc !== null) {
    return {
      service: "mqtt",
      method: "probe",
      banner: `CONNACK rc=${rc}`,
      authentication: rc === 0 ? "none" : "required",
    };
  }
  return byPort(port);
}

function byPort(port: number): ServiceGuess {
  const hint = WELL_KNOWN_TCP[port];
  return hint ? { service: hint, method: "port" } : { service: "unknown", method: "port" };
}

/** True when the FTP server on host:port accepts `USER anonymous` with any password (then QUITs). */
function ftpAnonymous(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let buffer = "";
    let step = 0;
    void exchange(host, port, {
      timeoutMs,
      send: (socket) => {
        const decide = (anonymous: boolean) => {
          resolve(anonymous);
          socket.end("QUIT\r\n");
        };
        socket.on("data", (chunk: Buffer) => {
          buffer += chunk.toString("latin1");
          const codes = [...buffer.matchAll(/^(\d{3}) /gm)].map((m) => m[1]);
          if (step === 0 && codes.length >= 1) {
            step = 1;
            if (codes[0] !== "220") return decide(false);
            socket.write("USER anonymous\r\n");
          } else if (step === 1 && codes.length >= 2) {
            step = 2;
            if (codes[1] === "230") return decide(true);
            if (codes[1] !== "331") return decide(false);
            socket.write("PASS jcstar@example.invalid\r\n");
          } else if (step === 2 && codes.length >= 3) {
            step = 3;
            decide(codes[2] === "230");
          }
        });
      },
    }).then(() => resolve(false));
  });
}
