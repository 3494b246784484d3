import { createSocket } from "node:dgram";
import { isIP } from "node:net";
import { printable } from "./identify.ts";
import {
  coapWellKnownCore,
  isCoapAnswer,
  isDnsResponse,
  isSnmpResponse,
  isSsdpAnswer,
  mdnsServicesQuery,
  snmpGetSysDescr,
  ssdpSearch,
} from "./udp-packets.ts";

/** The UDP services the ports probe asks for. */
export const UDP_CHECKS = {
  ssdp: { port: 1900, packet: ssdpSearch, answers: isSsdpAnswer },
  coap: { port: 5683, packet: coapWellKnownCore, answers: isCoapAnswer },
  mdns: { port: 5353, packet: mdnsServicesQuery, answers: isDnsResponse },
  snmp: { port: 161, packet: snmpGetSysDescr, answers: isSnmpResponse },
} as const;
export type UdpService = keyof typeof UDP_CHECKS;

/** What one UDP check saw. `open` means the service answered; `closed` means ICMP port unreachable. */
export interface UdpCheckResult {
  service: UdpService;
  port: number;
  state: "open" | "closed" | "no-response";
  /** Printable start of the answer. */
  answer?: string;
}

/**
 * Sends the service's request to host:port over UDP (twice, half the timeout apart, as UDP may drop)
 * and waits for an answer the service would give. Never throws.
 */
export function checkUdp(
  host: string,
  service: UdpService,
  port: number,
  timeoutMs = 1500,
): Promise<UdpCheckResult> {
  const check = UDP_CHECKS[service];
  return new Promise((resolve) => {
    const socket = createSocket(isIP(host) === 6 ? "udp6" : "udp4");
    let finished = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (result: UdpCheckResult) => {
      if (finished) return;
      finished = true;
      for (const t of timers) clearTimeout(t);
      socket.close();
      resolve(result);
    };
    const send = () =>
      socket.send(check.packet(), (error) => error && finish({ service, port, state: errorState(error) }));
    socket.on("message", (data) => {
      if (check.answers(data)) finish({ service, port, state: "open", answer: printable(data) });
    });
    socket.on("error", (error) => finish({ service, port, state: errorState(error) }));
    socket.connect(port, host, () => {
      send();
      timers.push(setTimeout(send, timeoutMs / 2));
    });
    timers.push(setTimeout(() => finish({ service, port, state: "no-response" }), timeoutMs));
  });
}

function errorState(error: Error): UdpCheckResult["state"] {
  return (error as NodeJS.ErrnoException).code === "ECONNREFUSED" ? "closed" : "no-response";
}

/** Runs every UDP check in parallel; `ports` overrides the standard port of a service (tests use high ports). */
export function checkAllUdp(
  host: string,
  ports: Partial<Record<UdpService, number>> = {},
  timeoutMs = 1500,
): Promise<UdpCheckResult[]> {
  const services = Object.keys(UDP_CHECKS) as UdpService[];
  return Promise.all(services.map((s) => checkUdp(host, s, ports[s] ?? UDP_CHECKS[s].port, timeoutMs)));
}
