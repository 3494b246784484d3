import { isIP } from "node:net";

/**
 * The one spelling of an IP address: brackets and zone dropped, IPv4 in the forms a resolver accepts (127.1,
 * 0x7f000001, 2130706433, 0177.0.0.1) written as four decimals, IPv6 compressed, IPv4-mapped IPv6
 * (::ffff:127.0.0.1, ::ffff:7f00:1) as the IPv4 address. Null for what is not an IP address (a host name).
 */
export function canonicalAddress(spelling: string): string | null {
  const bare = spelling
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/%.*$/, "");
  // Only digits, hex, dots and colons: no user info, path, port or query for the URL parser to drop.
  if (!/^[0-9a-fA-FxX.:]+$/.test(bare)) return null;
  let host: string;
  try {
    host = new URL(`http://${bare.includes(":") ? `[${bare}]` : bare}/`).hostname;
  } catch {
    return null;
  }
  host = host.replace(/^\[(.*)\]$/, "$1");
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(host);
  if (mapped) {
    const hi = Number.parseInt(mapped[1] as string, 16);
    const lo = Number.parseInt(mapped[2] as string, 16);
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
  }
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host);
  if (dotted) return dotted[1] as string;
  return isIP(host) !== 0 ? host : null;
}
