import type { NetworkInterfaceInfo } from "node:os";
import { parseProfile } from "@jcstar/probes";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.ts";
import {
  buildPlatformEndpoints,
  canonicalAddress,
  checkNotPlatform,
  platformEndpointHit,
  runTcpPorts,
  withoutPlatformPorts,
} from "./platform-endpoints.ts";
import { systemResolver } from "./target-allowlist.ts";

const iface = (address: string, cidr: string, internal: boolean): NetworkInterfaceInfo =>
  (address.includes(":")
    ? {
        address,
        cidr,
        internal,
        family: "IPv6",
        netmask: "ffff:ffff:ffff:ffff::",
        mac: "00:00:00:00:00:00",
        scopeid: 0,
      }
    : {
        address,
        cidr,
        internal,
        family: "IPv4",
        netmask: "255.0.0.0",
        mac: "00:00:00:00:00:00",
      }) as NetworkInterfaceInfo;

/** A host with loopback and one LAN interface (192.168.10.5, fd00::5). */
const INTERFACES = {
  lo: [iface("127.0.0.1", "127.0.0.1/8", true), iface("::1", "::1/128", true)],
  eth0: [iface("192.168.10.5", "192.168.10.5/24", false), iface("fd00::5", "fd00::5/64", false)],
};

describe("canonicalAddress: one spelling per address", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["127.1", "127.0.0.1"],
    ["127.0.1", "127.0.0.1"],
    ["0x7f000001", "127.0.0.1"],
    ["0x7f.0.0.1", "127.0.0.1"],
    ["0177.0.0.1", "127.0.0.1"],
    ["2130706433", "127.0.0.1"],
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["::FFFF:7f00:1", "127.0.0.1"],
    ["[::ffff:127.0.0.1]", "127.0.0.1"],
    ["[::1]", "::1"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["0.0.0.0", "0.0.0.0"],
    ["0", "0.0.0.0"],
    ["::", "::"],
    ["fe80::1%eth0", "fe80::1"],
    [" 192.168.10.5 ", "192.168.10.5"],
  ])("%s is %s", (spelling, canonical) => {
    expect(canonicalAddress(spelling)).toBe(canonical);
  });

  it.each([
    "localhost",
    "cam.lab",
    "",
    "999.1.1.1",
    "not an address",
    "a@127.0.0.1",
    "127.0.0.1/x",
    "127.0.0.1:80",
  ])("%s is not an address", (s) => {
    expect(canonicalAddress(s)).toBeNull();
  });
});

describe("platformEndpointHit (pure)", () => {
  const own = buildPlatformEndpoints({
    listen: [{ host: "0.0.0.0", port: 8080 }],
    databaseUrl: "postgres://jcstar@127.0.0.1:5432/jcstar",
    interfaces: INTERFACES,
  });
  const resolved = own.endpoints.map((e) => ({ service: e.service, addresses: [e.host], port: e.port }));
  const hit = (target: string, port: number) =>
    platformEndpointHit([target], new Set([port]), own.local, resolved);

  it.each([
    "127.0.0.1",
    "127.1",
    "0x7f000001",
    "127.0.0.2",
    "::ffff:127.0.0.1",
    "[::1]",
    "::1",
    "0.0.0.0",
    "::",
    "192.168.10.5",
    "::ffff:192.168.10.5",
    "fd00::5",
  ])("the server on 0.0.0.0:8080 is reached at %s", (target) => {
    expect(hit(target, 8080)).toMatchObject({ port: 8080, service: "server" });
  });

  it("the database on 127.0.0.1:5432 is reached at every local spelling", () => {
    for (const target of ["127.0.0.1", "127.1", "::ffff:127.0.0.1", "::1", "192.168.10.5"])
      expect(hit(target, 5432)).toMatchObject({ service: "database", port: 5432 });
  });

  it("another port of this host, and the same port on another host, are not the platform", () => {
    expect(hit("127.0.0.1", 8081)).toBeNull();
    expect(hit("192.168.10.6", 8080)).toBeNull();
    expect(hit("fd00::6", 8080)).toBeNull();
    expect(hit("10.0.0.1", 5432)).toBeNull();
  });

  it("a remote database is refused at its own address only", () => {
    const remote = [{ service: "database" as const, addresses: ["10.1.2.3"], port: 5432 }];
    expect(platformEndpointHit(["10.1.2.3"], new Set([5432]), own.local, remote)).toMatchObject({
      service: "database",
    });
    expect(platformEndpointHit(["10.1.2.4"], new Set([5432]), own.local, remote)).toBeNull();
    expect(platformEndpointHit(["127.0.0.1"], new Set([5432]), own.local, remote)).toBeNull();
  });

  it("any address of a name that resolves to several is enough", () => {
    expect(
      platformEndpointHit(["192.0.2.1", "127.0.0.1"], new Set([1, 8080]), own.local, resolved),
    ).toMatchObject({ address: "127.0.0.1", port: 8080 });
  });
});

describe("buildPlatformEndpoints", () => {
  it("takes the PostgreSQL host:port from DATABASE_URL (default port, IPv6, socket), nothing for SQLite", () => {
    const db = (databaseUrl: string | undefined) =>
      buildPlatformEndpoints({ listen: [], databaseUrl, interfaces: {} }).endpoints;
    expect(db(undefined)).toEqual([]);
    expect(db("postgres://u:p@db.internal/jcstar")).toEqual([
      { service: "database", host: "db.internal", port: 5432 },
    ]);
    expect(db("postgresql://u@[::1]:6543/x")).toEqual([{ service: "database", host: "::1", port: 6543 }]);
    expect(db("postgres:///jcstar?host=/var/run/postgresql")).toEqual([
      { service: "database", host: "127.0.0.1", port: 5432 },
    ]);
  });

  it("lists the loopback interface as its network and the others address by address", () => {
    const { local } = buildPlatformEndpoints({ listen: [], interfaces: INTERFACES });
    expect(local).toEqual(["127.0.0.1/8", "::1/128", "192.168.10.5/32", "fd00::5/128"]);
  });
});

describe("runTcpPorts", () => {
  const profile = parseProfile(
    'name: x\nhost: h\nscan: { tcp: "20-22", udp: true }\ndeclaredPorts: [{ port: 9000 }, { port: 53, protocol: udp }]\nservices:\n  - { id: w, protocol: https, port: 8443 }\n',
  );
  it("is the services, the declared TCP ports, and the scan range when the ports probe runs", () => {
    expect([...runTcpPorts(profile, null)].sort((a, b) => a - b)).toEqual([20, 21, 22, 8443, 9000]);
    expect([...runTcpPorts(profile, ["tls"])].sort((a, b) => a - b)).toEqual([8443, 9000]);
    expect(runTcpPorts(profile, ["ports"]).has(21)).toBe(true);
  });
});

describe("checkNotPlatform (system resolver)", () => {
  const own = buildPlatformEndpoints({ listen: [{ host: "127.0.0.1", port: 8080 }], interfaces: INTERFACES });
  it.each(["localhost", "127.1", "0x7f000001", "::ffff:127.0.0.1", "[::1]", "0.0.0.0"])(
    "%s:8080 is refused with DEVICE_TARGET_PLATFORM",
    async (host) => {
      const addresses = await systemResolver(host);
      const error = await checkNotPlatform(host, addresses, new Set([8080]), own, null, systemResolver).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("DEVICE_TARGET_PLATFORM");
    },
  );

  it("the SMTP server of the settings is refused by name", async () => {
    const smtp = { host: "localhost", port: 2525 };
    const error = await checkNotPlatform(
      "127.0.0.1",
      ["127.0.0.1"],
      new Set([2525]),
      own,
      smtp,
      systemResolver,
    )
      .then(() => null)
      .catch((e: AppError) => e);
    expect(error?.messageIn("en")).toContain("mail (SMTP) server");
    await expect(
      checkNotPlatform("127.0.0.1", ["127.0.0.1"], new Set([2526]), own, smtp, systemResolver),
    ).resolves.toBeUndefined();
  });
});

describe("server-side default scan", () => {
  const own = buildPlatformEndpoints({
    listen: [{ host: "0.0.0.0", port: 8080 }],
    databaseUrl: "postgres://u@127.0.0.1:5432/x",
    interfaces: INTERFACES,
  });
  const dev =
    "name: d\nhost: 127.0.0.2\ndeclaredPorts: [{ port: 18480 }]\nservices:\n  - { id: web, protocol: http, port: 18480 }\n";

  it("is TCP 1-10000 plus the declared ports when the profile names no range; the CLI keeps 1-65535", () => {
    expect(parseProfile(dev, "d", { server: true }).scan.tcp).toBe("1-10000,18480");
    expect(parseProfile(dev, "d").scan.tcp).toBe("1-65535");
    const named = `${dev}scan: { tcp: "5432" }\n`;
    expect(parseProfile(named, "d", { server: true }).scan.tcp).toBe("5432");
  });

  it("leaves the platform's own ports out of a default scan on this host, but refuses a range naming them", async () => {
    const profile = parseProfile(dev, "d", { server: true });
    const ran = await withoutPlatformPorts(profile, ["127.0.0.2"], own, null, systemResolver);
    expect(ran.scan.tcp).toBe("1-5431,5433-8079,8081-10000,18480");
    await expect(
      checkNotPlatform("127.0.0.2", ["127.0.0.2"], runTcpPorts(ran, null), own, null, systemResolver),
    ).resolves.toBeUndefined();
    // A remote target keeps the whole default range.
    const remote = await withoutPlatformPorts(profile, ["192.0.2.7"], own, null, systemResolver);
    expect(remote.scan.tcp).toBe("1-10000,18480");
    // A range the profile names is kept, and refused when it touches the platform.
    const named = parseProfile(`${dev}scan: { tcp: "5000-6000" }\n`, "d", { server: true });
    const kept = await withoutPlatformPorts(named, ["127.0.0.2"], own, null, systemResolver);
    expect(kept.scan.tcp).toBe("5000-6000");
    const error = await checkNotPlatform(
      "127.0.0.2",
      ["127.0.0.2"],
      runTcpPorts(kept, null),
      own,
      null,
      systemResolver,
    ).catch((e: unknown) => e);
    expect((error as AppError).code).toBe("DEVICE_TARGET_PLATFORM");
  });
});
