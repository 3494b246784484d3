import { createSocket, type Socket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPortsProbe } from "./probe.ts";
import { checkAllUdp, checkUdp, type UdpService } from "./udp.ts";
import { isCoapAnswer, isDnsResponse, isSnmpResponse, isSsdpAnswer } from "./udp-packets.ts";

/** A UDP server on 127.0.0.1 that answers a request the `accepts` check recognises. */
function udpServer(
  accepts: (d: Buffer) => boolean,
  answer: (d: Buffer) => Buffer,
): Promise<{ socket: Socket; port: number }> {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    socket.on("message", (data, peer) => {
      if (accepts(data)) socket.send(answer(data), peer.port, peer.address);
    });
    socket.bind(0, "127.0.0.1", () => resolve({ socket, port: socket.address().port }));
  });
}

describe("UDP checks (SSDP, CoAP, mDNS, SNMP) against scripted responders", () => {
  const sockets: Socket[] = [];
  const ports: Partial<Record<UdpService, number>> = {};
  let closedPort = 0;

  beforeAll(async () => {
    const ssdp = await udpServer(
      (d) => d.toString().startsWith("M-SEARCH * HTTP/1.1") && d.toString().includes('MAN: "ssdp:discover"'),
      () =>
        Buffer.from(
          "HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nLOCATION: http://127.0.0.1:49152/rootDesc.xml\r\nSERVER: Linux UPnP/1.0\r\n\r\n",
        ),
    );
    const coap = await udpServer(
      (d) => d[0] === 0x40 && d[1] === 0x01 && d.includes(Buffer.from("core")),
      (d) =>
        Buffer.concat([
          Buffer.from([0x60, 0x45, d[2] as number, d[3] as number, 0xff]),
          Buffer.from('</sensors/temp>;rt="temperature"'),
        ]),
    );
    const mdns = await udpServer(
      (d) => d.length > 12 && d.includes(Buffer.from("_services")),
      (d) => Buffer.concat([d.subarray(0, 2), Buffer.from([0x84, 0x00, 0, 0, 0, 0, 0, 0, 0, 0])]),
    );
    const snmp = await udpServer(
      (d) => d[0] === 0x30 && d.includes(Buffer.from("public")),
      () =>
        Buffer.from([0x30, 0x0e, 0x02, 0x01, 0x01, 0x04, 0x06, ...Buffer.from("public"), 0xa2, 0x01, 0x00]),
    );
    sockets.push(ssdp.socket, coap.socket, mdns.socket, snmp.socket);
    Object.assign(ports, { ssdp: ssdp.port, coap: coap.port, mdns: mdns.port, snmp: snmp.port });
    const spare = await udpServer(
      () => false,
      () => Buffer.alloc(0),
    );
    closedPort = spare.port;
    await new Promise<void>((r) => spare.socket.close(() => r()));
  });
  afterAll(() => {
    for (const s of sockets) s.close();
  });

  it("gets an answer from each responder on its port", async () => {
    const results = await checkAllUdp("127.0.0.1", ports, 1000);
    expect(results.map((r) => [r.service, r.state])).toEqual([
      ["ssdp", "open"],
      ["coap", "open"],
      ["mdns", "open"],
      ["snmp", "open"],
    ]);
    expect(results[0]?.answer).toContain("UPnP/1.0");
  });

  it("reports ICMP port unreachable as closed, and a responder of another protocol as no answer", async () => {
    expect((await checkUdp("127.0.0.1", "snmp", closedPort, 1000)).state).toBe("closed");
    // the SSDP responder ignores an SNMP request
    expect((await checkUdp("127.0.0.1", "snmp", ports.ssdp as number, 600)).state).toBe("no-response");
  });

  it("the ports probe FAILs undeclared UDP services and calls out UPnP and SNMP", async () => {
    const r = await runPortsProbe({
      address: "127.0.0.1",
      tcpPorts: [closedPort],
      declared: [{ port: ports.mdns as number, protocol: "udp" }],
      udpPorts: ports,
      timeoutMs: 1000,
    });
    expect(r.findings.undeclaredUdp).toEqual([ports.ssdp, ports.coap, ports.snmp]);
    const calledOut = (r.findings.calledOut as Array<{ service: string }>).map((c) => c.service);
    expect(calledOut).toEqual(["upnp", "coap", "snmp"]);
    expect(r.verdict).toBe("FAIL");
  });

  it("recognises answers by shape", () => {
    expect(isSsdpAnswer(Buffer.from("HTTP/1.1 200 OK\r\n"))).toBe(true);
    expect(isSsdpAnswer(Buffer.from("M-SEARCH * HTTP/1.1\r\n"))).toBe(false);
    expect(isCoapAnswer(Buffer.from([0x60, 0x45, 0, 1]))).toBe(true);
    expect(isCoapAnswer(Buffer.from([0x40, 0x01, 0, 1]))).toBe(false);
    expect(isDnsResponse(Buffer.from([0, 0, 0x84, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe(true);
    expect(isSnmpResponse(Buffer.from([0x30, 0x05, 0x02, 0x01, 0x01, 0xa0, 0x00]))).toBe(false);
  });
});
