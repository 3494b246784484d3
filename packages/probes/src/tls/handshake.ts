import { exchange } from "../net/exchange.ts";
import { buildClientHello, buildSslv2ClientHello } from "./client-hello.ts";
import { parseServerResponse, type ServerResponse } from "./server-hello.ts";
import { PROTOCOL_CODES, type ProtocolName } from "./versions.ts";

/** Outcome of offering one protocol (and a set of suites) to a server. */
export interface HelloOutcome {
  protocol: ProtocolName;
  /** True when the server answered with a hello for exactly the offered protocol. */
  accepted: boolean;
  response: ServerResponse;
  /** Connection-level error (ECONNREFUSED, TIMEOUT, …) if any. */
  error?: string;
  durationMs: number;
}

/** Where and how to send a hand-built hello. */
export interface HelloTarget {
  host: string;
  port: number;
  /** Name for SNI (IP addresses are not sent). */
  serverName?: string;
  timeoutMs: number;
}

/**
 * Sends one hand-built ClientHello for `protocol` (SSLv2 … TLS 1.3), offering `suites` (default: all
 * known for that protocol), reads the answer and says whether the server accepted that very protocol.
 * A server that answers with another version, an alert, or closes the connection did not accept it.
 */
export async function tryHello(target: HelloTarget, protocol: ProtocolName, suites?: readonly number[]) {
  const started = Date.now();
  const hello =
    protocol === "SSLv2"
      ? buildSslv2ClientHello()
      : buildClientHello({
          protocol,
          ...(suites ? { suites } : {}),
          ...(target.serverName ? { serverName: target.serverName } : {}),
        });
  const answer = await exchange(target.host, target.port, {
    timeoutMs: target.timeoutMs,
    send: hello,
    until: (data) => parseServerResponse(data).complete,
    maxBytes: 256 * 1024,
  });
  const response = parseServerResponse(answer.data);
  const expected = PROTOCOL_CODES[protocol];
  const accepted =
    protocol === "SSLv2"
      ? response.kind === "sslv2-server-hello"
      : (response.kind === "server-hello" || response.kind === "hello-retry") &&
        response.version === expected;
  const outcome: HelloOutcome = { protocol, accepted, response, durationMs: Date.now() - started };
  if (answer.error && !(answer.error === "TIMEOUT" && answer.connected)) outcome.error = answer.error;
  else if (!answer.connected) outcome.error = "NOT_CONNECTED";
  return outcome;
}
