/** Protocol names as reported in findings (the same spelling as node:tls `getProtocol()`). */
export const PROTOCOLS = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;
export type ProtocolName = (typeof PROTOCOLS)[number];

/** Wire version of each protocol (SSLv2 uses its own record format; 0x0002 is its version). */
export const PROTOCOL_CODES: Record<ProtocolName, number> = {
  SSLv2: 0x0002,
  SSLv3: 0x0300,
  TLSv1: 0x0301,
  "TLSv1.1": 0x0302,
  "TLSv1.2": 0x0303,
  "TLSv1.3": 0x0304,
};

/** Protocol name of a wire version, or `0x....` when unknown. */
export function protocolName(code: number): ProtocolName | string {
  const found = PROTOCOLS.find((p) => PROTOCOL_CODES[p] === code);
  return found ?? `0x${code.toString(16).padStart(4, "0")}`;
}

/** Protocols that must not be accepted (deprecated by RFC 6176, 7568 and 8996). */
export const DEPRECATED_PROTOCOLS: readonly ProtocolName[] = ["SSLv2", "SSLv3", "TLSv1", "TLSv1.1"];
