import { BlockList, isIP } from "node:net";
import { canonicalHopAddress, type ProxyTrust } from "./trusted-proxies.ts";

const lists = new WeakMap<readonly string[], BlockList>();

function blockList(cidrs: readonly string[]): BlockList {
  let list = lists.get(cidrs);
  if (!list) {
    list = new BlockList();
    for (const cidr of cidrs) {
      const [address = "", bits = "0"] = cidr.split("/");
      list.addSubnet(address, Number(bits), isIP(address) === 4 ? "ipv4" : "ipv6");
    }
    lists.set(cidrs, list);
  }
  return list;
}

function inList(address: string, cidrs: readonly string[]): boolean {
  return blockList(cidrs).check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
}

/**
 * Whether the socket peer is a proxy jcstar trusts: then (and only then) X-Forwarded-For and X-Forwarded-Proto are
 * read. With one trusted hop (`JCSTAR_TRUST_PROXY=1`) the peer is the proxy whatever its address.
 */
export function peerIsTrustedProxy(peer: string | null | undefined, trust: ProxyTrust): boolean {
  if (trust.mode === "none") return false;
  if (trust.mode === "one-hop") return true;
  const address = peer ? canonicalHopAddress(peer) : null;
  return address !== null && inList(address, trust.cidrs);
}

/**
 * The client's address — the one function every use of it (sign-in throttling and lockout, sessions, audit) goes
 * through. Each proxy appends the address it received the request from to X-Forwarded-For, so only the right end of
 * the header is known to be true; anything left of it may be the client's own invention. Therefore:
 * - no trusted proxy: the socket peer;
 * - one trusted hop: the last entry (the address our proxy saw);
 * - a CIDR list: if the peer is inside it, entries are skipped from the right while they are inside it too, and the
 *   first one outside is the client (all inside: the left-most).
 * An entry that is not an IP address is never believed: the walk stops there and the trusted hop that handed it
 * over (the entry to its right, or the peer) is the client. The answer is always an address in canonical form
 * (canonicalHopAddress), or null when there is no socket (in-process requests).
 */
export function clientAddress(
  request: { peer: string | null | undefined; forwardedFor: string | null | undefined },
  trust: ProxyTrust,
): string | null {
  let client = request.peer ? canonicalHopAddress(request.peer) : null;
  if (!peerIsTrustedProxy(request.peer, trust)) return client;
  const hops = (request.forwardedFor ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = canonicalHopAddress(hops[i] ?? "");
    if (hop === null) return client;
    if (trust.mode === "one-hop" || (trust.mode === "cidrs" && !inList(hop, trust.cidrs))) return hop;
    client = hop;
  }
  return client;
}
