import { BlockList, isIP } from "node:net";
import type { NetworkInterfaceInfo } from "node:os";
import { formatPortList, isServerDefaultScan, type Profile, parsePortRange } from "@jcstar/probes";
import { AppError } from "../errors/app-error.ts";
import { canonicalAddress } from "../net/ip-address.ts";
import type { Resolver } from "./target-allowlist.ts";

export { canonicalAddress };

/** What a platform endpoint is: this server's own listener, its database, its mail server. */
export type PlatformService = "server" | "database" | "smtp";

/** One TCP endpoint the platform itself uses; `host` is an address or a name (resolved when a run is checked). */
export type PlatformEndpoint = { service: PlatformService; host: string; port: number };

/**
 * The platform's own endpoints, built once at start (start-server.ts, after the port is bound): every address of
 * this host (`local`: loopback, "this host" 0.0.0.0 / ::, each interface address) and the endpoints. An endpoint
 * on a local address stands for its port on every local address (a listener on 0.0.0.0 answers on all of them).
 */
export type PlatformEndpoints = { local: readonly string[]; endpoints: readonly PlatformEndpoint[] };

/** Addresses that always reach this host: "this host" (0.0.0.0/8, ::), loopback (127.0.0.0/8, ::1). */
const ALWAYS_LOCAL = ["0.0.0.0/8", "::/128", "127.0.0.0/8", "::1/128"];

function familyOf(address: string): "ipv4" | "ipv6" {
  return isIP(address) === 4 ? "ipv4" : "ipv6";
}

function localList(local: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of [...ALWAYS_LOCAL, ...local]) {
    const [base = "", bits] = entry.split("/");
    const address = canonicalAddress(base);
    if (!address) continue;
    const family = familyOf(address);
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

const SERVICE_NAMES: Record<PlatformService, { ja: string; en: string }> = {
  server: { ja: "サーバー（jcstar の待ち受けポート）", en: "server (a port jcstar listens on)" },
  database: { ja: "データベース", en: "database" },
  smtp: { ja: "メール（SMTP）サーバー", en: "mail (SMTP) server" },
};

/** An endpoint with its host resolved to addresses. */
export type ResolvedEndpoint = { service: PlatformService; addresses: readonly string[]; port: number };

/** The first (target address, port) that is a platform endpoint. */
export type PlatformHit = { address: string; port: number; service: PlatformService };

/**
 * The pure check: does a run to these addresses on these TCP ports touch a platform endpoint? An endpoint on a
 * local address is hit by any local target address with its port; any other endpoint by its own address.
 * Addresses are compared in their canonical spelling. Returns the first hit, or null.
 */
export function platformEndpointHit(
  targets: readonly string[],
  ports: ReadonlySet<number>,
  local: readonly string[],
  endpoints: readonly ResolvedEndpoint[],
): PlatformHit | null {
  const list = localList(local);
  const isLocal = (a: string) => list.check(a, familyOf(a));
  for (const spelling of targets) {
    const target = canonicalAddress(spelling);
    if (!target) continue;
    for (const endpoint of endpoints) {
      if (!ports.has(endpoint.port)) continue;
      const hit = endpoint.addresses.some((raw) => {
        const a = canonicalAddress(raw);
        return a !== null && (a === target || (isLocal(a) && isLocal(target)));
      });
      if (hit) return { address: target, port: endpoint.port, service: endpoint.service };
    }
  }
  return null;
}

/**
 * The TCP ports a run of the profile connects to: every service and declared TCP port (the reachability check),
 * and the scan range when the ports probe runs (a run without a probe list runs every probe).
 */
export function runTcpPorts(profile: Profile, probes: readonly string[] | null | undefined): Set<number> {
  const ports = new Set<number>([
    ...profile.services.map((s) => s.port),
    ...profile.declaredPorts.filter((d) => d.protocol === "tcp").map((d) => d.port),
  ]);
  if (!probes || probes.length === 0 || probes.includes("ports"))
    for (const p of parsePortRange(profile.scan.tcp)) ports.add(p);
  return ports;
}

/** The database endpoint of a PostgreSQL URL (default port 5432; a socket path counts as local port 5432). */
function databaseEndpoint(databaseUrl: string | undefined | null): PlatformEndpoint[] {
  if (!databaseUrl || !/^postgres(ql)?:/i.test(databaseUrl)) return [];
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return [];
  }
  const hostParam = url.searchParams.get("host");
  const host = url.hostname || (hostParam && !hostParam.startsWith("/") ? hostParam : "127.0.0.1");
  return [{ service: "database", host: host.replace(/^\[(.*)\]$/, "$1"), port: Number(url.port || 5432) }];
}

/** Every address of this host's interfaces: the loopback interface as its whole network, others one by one. */
function interfaceAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  return Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .map((i) => (i.internal && i.cidr ? i.cidr : `${i.address}/${i.family === "IPv4" ? 32 : 128}`));
}

/**
 * Builds the platform endpoints once at start: the ports the server listens on (every local address when bound
 * to 0.0.0.0 or ::, which `local` covers), the PostgreSQL host:port of DATABASE_URL. SMTP is added at check time
 * from the settings (an administrator edits it).
 */
export function buildPlatformEndpoints(input: {
  listen: readonly { host: string; port: number }[];
  databaseUrl?: string | null | undefined;
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
}): PlatformEndpoints {
  return {
    local: interfaceAddresses(input.interfaces),
    endpoints: [
      ...input.listen.map((l) => ({ service: "server" as const, host: l.host, port: l.port })),
      ...databaseEndpoint(input.databaseUrl),
    ],
  };
}

/** The platform's endpoints (and the SMTP server) with their names resolved now. */
async function resolveEndpoints(
  platform: PlatformEndpoints,
  smtp: { host: string; port: number } | null,
  resolve: Resolver,
): Promise<ResolvedEndpoint[]> {
  const endpoints = [...platform.endpoints, ...(smtp ? [{ service: "smtp" as const, ...smtp }] : [])];
  const resolved: ResolvedEndpoint[] = [];
  for (const e of endpoints) {
    const literal = canonicalAddress(e.host);
    const list = literal ? [literal] : await resolve(e.host).catch(() => [] as string[]);
    resolved.push({ service: e.service, addresses: list, port: e.port });
  }
  return resolved;
}

/**
 * The profile a run scans: a server-side default scan (no `scan.tcp` in the profile, isServerDefaultScan) leaves
 * out the ports of the platform's own endpoints on the target's addresses, so that a lab device on this host can
 * be scanned without naming a range; a range the profile names is kept as written (and refused when it touches
 * the platform). Services and declared ports are never dropped.
 */
export async function withoutPlatformPorts(
  profile: Profile,
  addresses: readonly string[],
  platform: PlatformEndpoints,
  smtp: { host: string; port: number } | null,
  resolve: Resolver,
): Promise<Profile> {
  if (!isServerDefaultScan(profile)) return profile;
  const resolved = await resolveEndpoints(platform, smtp, resolve);
  const keep = new Set([
    ...profile.services.map((s) => s.port),
    ...profile.declaredPorts.filter((d) => d.protocol === "tcp").map((d) => d.port),
  ]);
  const drop = new Set(
    resolved
      .filter((e) => !keep.has(e.port))
      .filter((e) => platformEndpointHit(addresses, new Set([e.port]), platform.local, [e]) !== null)
      .map((e) => e.port),
  );
  if (drop.size === 0) return profile;
  const tcp = formatPortList(parsePortRange(profile.scan.tcp).filter((p) => !drop.has(p)));
  return { ...profile, scan: { ...profile.scan, tcp } };
}

/**
 * Refuses a run whose target addresses and ports touch a platform endpoint (the server itself, its database, its
 * SMTP server) with DEVICE_TARGET_PLATFORM, before anything is sent. Endpoint names are resolved now; one that
 * does not resolve is compared by nothing (it cannot be reached either).
 */
export async function checkNotPlatform(
  host: string,
  addresses: readonly string[],
  ports: ReadonlySet<number>,
  platform: PlatformEndpoints,
  smtp: { host: string; port: number } | null,
  resolve: Resolver,
): Promise<void> {
  const resolved = await resolveEndpoints(platform, smtp, resolve);
  const hit = platformEndpointHit(addresses, ports, platform.local, resolved);
  if (hit)
    throw new AppError("DEVICE_TARGET_PLATFORM", {
      host,
      address: hit.address,
      port: hit.port,
      serviceJa: SERVICE_NAMES[hit.service].ja,
      serviceEn: SERVICE_NAMES[hit.service].en,
    });
}
