import { basename, isAbsolute, relative, sep } from "node:path";
import { isMap, isSeq, LineCounter, type Node, parseDocument } from "yaml";

/** The `uriBaseId` of profile locations when the profile lies under the folder jcstar ran in. */
export const RUN_ROOT = "RUNROOT";
/** The `uriBaseId` of profile locations when the profile lies outside it (the URI is then its file name). */
export const PROFILE_ROOT = "PROFILEROOT";

/** A SARIF artifactLocation with a relative URI, and the run's description of its base. */
export interface ProfileLocation {
  artifactLocation: { uri: string; uriBaseId: string };
  originalUriBaseIds: Record<string, { description: { text: string } }>;
}

/**
 * Where a SARIF log points at the profile: a relative URI (each segment percent-encoded) with a
 * `uriBaseId`, never the tester's absolute path. Relative to `cwd` when the profile lies under it
 * (`RUNROOT`), else its file name in `PROFILEROOT` (its folder). The bases are described, not located.
 */
export function profileLocation(profilePath: string, cwd: string = process.cwd()): ProfileLocation {
  const rel = isAbsolute(profilePath) ? relative(cwd, profilePath) : profilePath;
  const inside = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  const parts = inside ? rel.split(sep).filter((p) => p !== "" && p !== ".") : [basename(profilePath)];
  const uri = parts.map((p) => encodeURIComponent(p)).join("/");
  return inside
    ? {
        artifactLocation: { uri, uriBaseId: RUN_ROOT },
        originalUriBaseIds: {
          [RUN_ROOT]: { description: { text: "the folder jcstar probe run was started in" } },
        },
      }
    : {
        artifactLocation: { uri, uriBaseId: PROFILE_ROOT },
        originalUriBaseIds: { [PROFILE_ROOT]: { description: { text: "the folder of the device profile" } } },
      };
}

/** A SARIF region: 1-based start line and column. */
export interface Region {
  startLine: number;
  startColumn: number;
}

/** The profile keys a probe without a service reads (the first one present gives its region). */
const PROBE_KEYS: Record<string, string[][]> = {
  ports: [["declaredPorts"], ["scan"]],
  "device-info": [["info"]],
  "firmware-integrity": [["update"]],
  persistence: [["actions", "restart"]],
  reset: [["actions", "reset"]],
};

/**
 * Regions in the profile text for results: `service:<id>` → the service's entry in `services`,
 * `probe:<name>` → the key the probe reads. Empty when the text does not parse.
 */
export function profileRegions(source: string): Map<string, Region> {
  const regions = new Map<string, Region>();
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines });
  if (doc.errors.length > 0) return regions;
  const at = (node: Node | null | undefined): Region | null => {
    const offset = node?.range?.[0];
    if (offset === undefined) return null;
    const { line, col } = lines.linePos(offset);
    return { startLine: line, startColumn: col };
  };
  const services = doc.get("services", true);
  if (isSeq(services))
    for (const item of services.items) {
      const id = isMap(item) ? item.get("id") : undefined;
      const region = at(item as Node);
      if (typeof id === "string" && region && !regions.has(`service:${id}`))
        regions.set(`service:${id}`, region);
    }
  for (const [probe, paths] of Object.entries(PROBE_KEYS))
    for (const path of paths) {
      const region = at(doc.getIn(path, true) as Node | undefined);
      if (region) {
        regions.set(`probe:${probe}`, region);
        break;
      }
    }
  return regions;
}
