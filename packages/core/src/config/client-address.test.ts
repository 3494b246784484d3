import { describe, expect, it } from "vitest";
import { clientAddress, peerIsTrustedProxy } from "./client-address.ts";
import { type ProxyTrust, parseTrustedProxies } from "./trusted-proxies.ts";

const NONE: ProxyTrust = { mode: "none" };
const ONE_HOP: ProxyTrust = { mode: "one-hop" };
const cidrs = (list: string): ProxyTrust => {
  const parsed = parseTrustedProxies(list);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.trust;
};
const at = (peer: string | null, forwardedFor: string | undefined, trust: ProxyTrust) =>
  clientAddress({ peer, forwardedFor }, trust);

describe("clientAddress", () => {
  it("is the socket peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(at("192.0.2.10", undefined, NONE)).toBe("192.0.2.10");
    expect(at("192.0.2.10", "203.0.113.5", NONE)).toBe("192.0.2.10");
    expect(at("::ffff:192.0.2.10", "203.0.113.5", NONE)).toBe("192.0.2.10");
    expect(at(null, "203.0.113.5", NONE)).toBeNull();
  });

  it("with one trusted hop is the last entry, so spoofed left-most entries change nothing", () => {
    expect(at("10.0.0.2", "203.0.113.5", ONE_HOP)).toBe("203.0.113.5");
    expect(at("10.0.0.2", "6.6.6.6, 203.0.113.5", ONE_HOP)).toBe("203.0.113.5");
    expect(at("10.0.0.2", "1.1.1.1, 2.2.2.2, 3.3.3.3, 203.0.113.5", ONE_HOP)).toBe("203.0.113.5");
    expect(at("10.0.0.2", "6.6.6.6 ,203.0.113.5 ", ONE_HOP)).toBe("203.0.113.5");
    expect(at("10.0.0.2", undefined, ONE_HOP)).toBe("10.0.0.2");
    expect(at("10.0.0.2", "", ONE_HOP)).toBe("10.0.0.2");
    expect(at("10.0.0.2", " , ", ONE_HOP)).toBe("10.0.0.2");
  });

  it("with one trusted hop stops at a last entry that is not an address (the proxy is the client then)", () => {
    expect(at("10.0.0.2", "unknown", ONE_HOP)).toBe("10.0.0.2");
    expect(at("10.0.0.2", "203.0.113.5, <script>", ONE_HOP)).toBe("10.0.0.2");
    expect(at("10.0.0.2", "203.0.113.5, 999.1.1.1", ONE_HOP)).toBe("10.0.0.2");
  });

  it("with a CIDR list skips trusted entries from the right and takes the first untrusted one", () => {
    const trust = cidrs("10.0.0.0/8, 192.168.1.0/24");
    expect(at("10.0.0.2", "203.0.113.5", trust)).toBe("203.0.113.5");
    expect(at("10.0.0.2", "203.0.113.5, 192.168.1.7", trust)).toBe("203.0.113.5");
    expect(at("10.0.0.2", "6.6.6.6, 203.0.113.5, 192.168.1.7, 10.9.9.9", trust)).toBe("203.0.113.5");
    // The attacker adds trusted-looking entries on the left: still the hop the first trusted proxy saw.
    expect(at("10.0.0.2", "10.1.1.1, 192.168.1.1, 203.0.113.5, 10.9.9.9", trust)).toBe("203.0.113.5");
    // Every entry trusted: the furthest one.
    expect(at("10.0.0.2", "192.168.1.9, 10.9.9.9", trust)).toBe("192.168.1.9");
    expect(at("10.0.0.2", undefined, trust)).toBe("10.0.0.2");
  });

  it("with a CIDR list reads X-Forwarded-For only from a peer inside the list", () => {
    const trust = cidrs("10.0.0.0/8");
    expect(at("203.0.113.5", "1.2.3.4", trust)).toBe("203.0.113.5");
    expect(at("192.168.0.1", "10.0.0.1", trust)).toBe("192.168.0.1");
    expect(at(null, "1.2.3.4", trust)).toBeNull();
  });

  it("with a CIDR list stops at an entry that is not an address: the trusted hop that handed it over is the client", () => {
    const trust = cidrs("10.0.0.0/8");
    expect(at("10.0.0.2", "203.0.113.5, unknown", trust)).toBe("10.0.0.2");
    expect(at("10.0.0.2", "unknown, 10.0.0.7", trust)).toBe("10.0.0.7");
    expect(at("10.0.0.2", "_hidden, 10.0.0.7, 10.0.0.8", trust)).toBe("10.0.0.7");
  });

  it("matches IPv6 CIDRs, IPv4-mapped peers, ports and brackets, and answers one spelling per address", () => {
    const trust = cidrs("2001:db8:1::/48,127.0.0.1/32,::1");
    expect(at("2001:db8:1::9", "2001:db8:ffff::5", trust)).toBe("2001:db8:ffff::5");
    expect(at("2001:DB8:1:0:0:0:0:9", "2001:0db8:FFFF:0000::5", trust)).toBe("2001:db8:ffff::5");
    expect(at("::ffff:127.0.0.1", "203.0.113.5", trust)).toBe("203.0.113.5");
    expect(at("::1", "[2001:db8:ffff::5]:4711", trust)).toBe("2001:db8:ffff::5");
    expect(at("::1", "203.0.113.5:4711, [2001:db8:1::3]", trust)).toBe("203.0.113.5");
    expect(at("2001:db8:2::9", "203.0.113.5", trust)).toBe("2001:db8:2::9");
    expect(at("::ffff:127.0.0.2", "203.0.113.5", trust)).toBe("127.0.0.2");
    expect(at("fe80::1%eth0", undefined, trust)).toBe("fe80::1");
    expect(at("::1", "fe80::1%25eth0, 203.0.113.5%x", trust)).toBe("::1");
  });

  it("tells whether the peer is a trusted proxy (X-Forwarded-Proto is read under the same rule)", () => {
    expect(peerIsTrustedProxy("10.0.0.2", NONE)).toBe(false);
    expect(peerIsTrustedProxy("10.0.0.2", ONE_HOP)).toBe(true);
    expect(peerIsTrustedProxy(null, ONE_HOP)).toBe(true);
    expect(peerIsTrustedProxy("10.0.0.2", cidrs("10.0.0.0/8"))).toBe(true);
    expect(peerIsTrustedProxy("::ffff:10.0.0.2", cidrs("10.0.0.0/8"))).toBe(true);
    expect(peerIsTrustedProxy("11.0.0.2", cidrs("10.0.0.0/8"))).toBe(false);
    expect(peerIsTrustedProxy(null, cidrs("10.0.0.0/8"))).toBe(false);
  });
});

describe("parseTrustedProxies", () => {
  it("accepts IPv4 and IPv6 CIDRs and single addresses", () => {
    expect(parseTrustedProxies(" 10.0.0.0/8 ,fd00::/8,192.0.2.1 , ::1")).toEqual({
      ok: true,
      trust: { mode: "cidrs", cidrs: ["10.0.0.0/8", "fd00::/8", "192.0.2.1/32", "::1/128"] },
    });
  });

  it("refuses anything that is not a CIDR list", () => {
    for (const bad of [
      "",
      " , ",
      "10.0.0.0/33",
      "fd00::/129",
      "10.0.0/8",
      "proxy.example.jp",
      "10.0.0.0/8;",
      "10.0.0.0/-1",
      "10.0.0.0/08x",
      "*",
    ]) {
      const parsed = parseTrustedProxies(bad);
      expect(parsed.ok, bad).toBe(false);
    }
  });
});
