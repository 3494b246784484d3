import { isIP } from "node:net";

/**
 * Which reverse proxies may tell jcstar the client's address (X-Forwarded-For) and scheme (X-Forwarded-Proto):
 * none (the socket peer is the client), exactly one hop whatever its address (`JCSTAR_TRUST_PROXY=1`), or the
 * proxies inside a CIDR list (`JCSTAR_TRUSTED_PROXIES`). See clientAddress().
 */
export type ProxyTrust =
  | { readonly mode: "none" }
  | { readonly mode: "one-hop" }
  | { readonly mode: "cidrs"; readonly cidrs: readonly string[] };

/**
 * An address written as jcstar compares addresses: IPv4 dotted, IPv6 in its one short lower-case form, an
 * IPv4-mapped IPv6 address as the IPv4 address it is, without brackets or port. Null for anything else.
 */
export function canonicalAddress(text: string): string | null {
  let s = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(s);
  if (bracketed?.[1]) s = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  // A zone (`fe80::1%eth0`) names the interface, not the host.
  if (s.includes(":")) s = s.replace(/%[\w.-]+$/, "");
  const version = isIP(s);
  if (version === 4) return s;
  if (version !== 6) return null;
  const short = new URL(`http://[${s}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(short);
  if (!mapped) return short;
  const [hi, lo] = [Number.parseInt(mapped[1] ?? "0", 16), Number.parseInt(mapped[2] ?? "0", 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}

/** One CIDR (`10.0.0.0/8`, `fd00::/8`) or address (a /32 or /128) in canonical form, or null. */
function canonicalCidr(entry: string): string | null {
  const match = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(entry);
  if (!match?.[1]) return null;
  const address = isIP(match[1]) === 0 ? null : canonicalAddress(match[1]);
  if (!address) return null;
  const max = isIP(address) === 4 ? 32 : 128;
  const bits = match[2] === undefined ? max : Number(match[2]);
  if (bits > max || (match[2] !== undefined && String(bits) !== match[2])) return null;
  return `${address}/${bits}`;
}

/** Parses `JCSTAR_TRUSTED_PROXIES` (comma-separated CIDRs or addresses, IPv4 and IPv6). */
export function parseTrustedProxies(
  text: string,
): { ok: true; trust: ProxyTrust } | { ok: false; error: string } {
  const entries = text
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (entries.length === 0) return { ok: false, error: "an empty list; leave it unset to trust no proxy" };
  const cidrs: string[] = [];
  for (const entry of entries) {
    const cidr = canonicalCidr(entry);
    if (!cidr)
      return { ok: false, error: `"${entry}" is not an IPv4/IPv6 address or CIDR (e.g. 10.0.0.0/8)` };
    cidrs.push(cidr);
  }
  return { ok: true, trust: { mode: "cidrs", cidrs } };
}
