/** SSDP unicast M-SEARCH for every device and service (loopback has no multicast, so it is sent to the host). */
export function ssdpSearch(): Buffer {
  return Buffer.from(
    'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n',
    "ascii",
  );
}

/** CoAP confirmable GET /.well-known/core (RFC 6690 resource discovery). */
export function coapWellKnownCore(messageId = 0x4a43): Buffer {
  return Buffer.concat([
    Buffer.from([0x40, 0x01, messageId >> 8, messageId & 0xff]),
    Buffer.from([0xbb]),
    Buffer.from(".well-known", "ascii"),
    Buffer.from([0x04]),
    Buffer.from("core", "ascii"),
  ]);
}

/** DNS-SD service enumeration (`_services._dns-sd._udp.local` PTR) asking for a unicast answer. */
export function mdnsServicesQuery(): Buffer {
  const labels = ["_services", "_dns-sd", "_udp", "local"];
  const name = Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
  const header = Buffer.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  return Buffer.concat([header, name, Buffer.from([0x00, 0x0c, 0x80, 0x01])]);
}

/** SNMPv2c GetRequest for sysDescr.0 with the community `public`. */
export function snmpGetSysDescr(community = "public", requestId = 0x4a435354): Buffer {
  const tlv = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag, body.length]), body]);
  const int = (n: number) => {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(n >>> 0);
    return tlv(0x02, bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0 ? bytes.subarray(3) : bytes);
  };
  const oid = tlv(0x06, Buffer.from([0x2b, 6, 1, 2, 1, 1, 1, 0]));
  const varbind = tlv(0x30, Buffer.concat([oid, Buffer.from([0x05, 0x00])]));
  const pdu = tlv(0xa0, Buffer.concat([int(requestId), int(0), int(0), tlv(0x30, varbind)]));
  return tlv(0x30, Buffer.concat([int(1), tlv(0x04, Buffer.from(community, "ascii")), pdu]));
}

/** True when `data` looks like an SSDP answer (an HTTP-over-UDP response or NOTIFY). */
export function isSsdpAnswer(data: Buffer): boolean {
  return /^(HTTP\/1\.1 \d{3}|NOTIFY )/.test(data.toString("latin1", 0, 16));
}

/** True when `data` is a CoAP message (version 1) answering our request. */
export function isCoapAnswer(data: Buffer): boolean {
  return data.length >= 4 && (data[0] as number) >> 6 === 1 && (((data[0] as number) >> 4) & 3) >= 2;
}

/** True when `data` is a DNS response (QR bit set). */
export function isDnsResponse(data: Buffer): boolean {
  return data.length >= 12 && ((data[2] as number) & 0x80) !== 0;
}

/** True when `data` is an SNMP GetResponse PDU. */
export function isSnmpResponse(data: Buffer): boolean {
  return data.length > 8 && data[0] === 0x30 && data.includes(0xa2);
}
