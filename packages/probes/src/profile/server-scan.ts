import { formatPortList, parsePortRange } from "./port-range.ts";
import type { Profile } from "./schema.ts";

/** The TCP range a server-side run scans when the profile names none (the CLI scans 1-65535). */
export const SERVER_SCAN_TCP = "1-10000";

/** Whether the parsed YAML/JSON value names `scan.tcp` itself. */
export function namesScanTcp(value: unknown): boolean {
  const scan = (value as { scan?: unknown } | null)?.scan;
  return typeof scan === "object" && scan !== null && (scan as { tcp?: unknown }).tcp !== undefined;
}

/**
 * The default scan of a server-side run: TCP 1-10000 plus every declared TCP port and service port
 * above it, as one port list (`1-10000,18480`).
 */
export function serverScanRange(profile: Pick<Profile, "declaredPorts" | "services">): string {
  const ports = new Set(parsePortRange(SERVER_SCAN_TCP));
  for (const d of profile.declaredPorts) if (d.protocol === "tcp") ports.add(d.port);
  for (const s of profile.services) ports.add(s.port);
  return formatPortList([...ports].sort((a, b) => a - b));
}

/** Whether the profile's scan is the server-side default (then the platform's own ports are left out of it). */
export function isServerDefaultScan(profile: Profile): boolean {
  return profile.scan.tcp === serverScanRange(profile);
}
