import { isIP } from "node:net";
import { canonicalAddress } from "../net/ip-address.ts";

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
 * The address of one proxy hop (an X-Forwarded-For entry or a socket peer) in jcstar's one spelling
 * (net/ip-address.ts): brackets, a port and an IPv6 zone dropped; only a plain IPv4 or IPv6 address counts — the
 * resolver shorthands a device-run target may use (127.1, 0x7f000001) are not addresses in a header. Null otherwise.
 */
export function canonicalHopAddress(text: string): string | null {
  let s = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(s);
  if (bracketed?.[1]) s = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/.test(s)) s = s.slice(0, s.lastIndexOf(":"));
  // A zone (`fe80::1%eth0`) names the interface, not the host.
  if (s.includes(":")) s = s.replace(/%[\w.-]+$/, "");
  return isIP(s) === 0 ? null : canonicalAddress(s);
}

/** One CIDR (`10.0.0.0/8`, `fd00::/8`) or address (a /32 or /128) in canonical form, or null. */
function canonicalCidr(entry: string): string | null {
  const match = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(entry);
  if (!match?.[1]) return null;
  const address = isIP(match[1]) === 0 ? null : canonicalHopAddress(match[1]);
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
