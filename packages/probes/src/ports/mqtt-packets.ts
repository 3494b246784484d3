/** An MQTT 3.1.1 CONNECT packet without credentials (tests whether anonymous clients are let in). */
export function mqttConnectPacket(clientId = "jcstar-probe"): Buffer {
  const id = Buffer.from(clientId, "utf8");
  const variable = Buffer.concat([
    Buffer.from([0x00, 0x04]),
    Buffer.from("MQTT", "ascii"),
    Buffer.from([0x04, 0x02, 0x00, 0x0a]), // level 4, clean session, keep-alive 10 s
  ]);
  const payload = Buffer.concat([Buffer.from([id.length >> 8, id.length & 0xff]), id]);
  const remaining = variable.length + payload.length;
  return Buffer.concat([Buffer.from([0x10, remaining]), variable, payload]);
}

/** Return code of an MQTT CONNACK (0 = accepted), or null when `data` is not a CONNACK. */
export function connackReturnCode(data: Buffer): number | null {
  if (data.length < 4 || data[0] !== 0x20 || data[1] !== 0x02) return null;
  return data[3] as number;
}

/** MQTT DISCONNECT. */
export const MQTT_DISCONNECT = Buffer.from([0xe0, 0x00]);
