import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { AppError } from "../errors/app-error.ts";
import { canonicalAddress } from "./platform-endpoints.ts";

/** Resolves a host name to every address it has (an IP literal is its own address). */
export type Resolver = (host: string) => Promise<string[]>;

/** An IP literal in any spelling (127.1, 0x7f000001, [::1]) is its own canonical address; a name is looked up. */
export const systemResolver: Resolver = async (host) => {
  const literal = canonicalAddress(host);
  if (literal) return [literal];
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  return (await lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
};

/**
 * One spelling per address (canonicalAddress): `::ffff:192.0.2.1` and `::ffff:c000:201` are 192.0.2.1 (an
 * IPv4-mapped address is checked as the IPv4 address it is), IPv6 compressed.
 */
function plain(address: string): string {
  return canonicalAddress(address) ?? address;
}

function family(address: string): "ipv4" | "ipv6" | null {
  const v = isIP(address);
  return v === 4 ? "ipv4" : v === 6 ? "ipv6" : null;
}

/**
 * The allowlist as a BlockList: addresses, CIDRs, and host names (resolved now: their addresses are allowed).
 * Entries that neither parse nor resolve allow nothing.
 */
async function allowedSet(allowlist: readonly string[], resolve: Resolver): Promise<BlockList> {
  const list = new BlockList();
  for (const entry of allowlist) {
    const [base = "", bits] = entry.split("/");
    const addr = plain(base.replace(/^\[(.*)\]$/, "$1"));
    const fam = family(addr);
    if (fam && bits !== undefined) {
      const prefix = Number(bits);
      if (Number.isInteger(prefix) && prefix >= 0 && prefix <= (fam === "ipv4" ? 32 : 128))
        list.addSubnet(addr, prefix, fam);
    } else if (fam) {
      list.addAddress(addr, fam);
    } else if (bits === undefined) {
      for (const a of await resolve(entry).catch(() => [] as string[])) {
        const p = plain(a);
        const f = family(p);
        if (f) list.addAddress(p, f);
      }
    }
  }
  return list;
}

/**
 * Checks a device-test target against the administrator's allowlist before anything is sent: the host is resolved
 * to all its addresses and every one must be allowed (a name that also resolves elsewhere is refused). Returns the
 * addresses (the run then uses the first and does not resolve again). Throws DEVICE_TARGET_NOT_ALLOWED.
 */
export async function checkTargetAllowed(
  host: string,
  allowlist: readonly string[],
  resolve: Resolver = systemResolver,
): Promise<string[]> {
  const refuse = (addresses: string[]) =>
    new AppError("DEVICE_TARGET_NOT_ALLOWED", {
      host,
      addresses: addresses.join(", ") || "-",
      allowlist: allowlist.join(", ") || "-",
    });
  let addresses: string[];
  try {
    addresses = (await resolve(host)).map(plain);
  } catch {
    throw refuse([]);
  }
  if (addresses.length === 0) throw refuse([]);
  const allowed = await allowedSet(allowlist, resolve);
  const denied = addresses.filter((a) => {
    const f = family(a);
    return !f || !allowed.check(a, f);
  });
  if (denied.length > 0) throw refuse(addresses);
  return addresses;
}
