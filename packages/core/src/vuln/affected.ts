import { comparatorFor, type VersionCompare } from "./versions/compare.ts";

/** One OSV range: its type (SEMVER | ECOSYSTEM | GIT) and events, as stored in vuln_affected.data. */
export type OsvRange = {
  type: string;
  events: { introduced?: string; fixed?: string; last_affected?: string; limit?: string }[];
};

/** What an advisory says about one package (OSV), or about one CPE (NVD). */
export type AffectedData =
  | { kind: "osv"; release: string | null; ranges: OsvRange[]; versions: string[] }
  | {
      kind: "cpe";
      version: string | null;
      startIncluding?: string;
      startExcluding?: string;
      endIncluding?: string;
      endExcluding?: string;
    };

export type MatchOutcome = { affected: boolean; fixed: string[]; undecidable: boolean };

/**
 * Whether `version` falls into an OSV range, after the OSV schema's evaluation: events in version order, an
 * `introduced` opens the range, `fixed` closes it at that version, `last_affected` just after it.
 */
function inOsvRange(version: string, range: OsvRange, cmp: VersionCompare): boolean | null {
  const events = range.events.filter((e) => e.introduced || e.fixed || e.last_affected);
  const at = (e: OsvRange["events"][number]) => (e.introduced ?? e.fixed ?? e.last_affected) as string;
  const sorted = [...events].sort((a, b) => {
    if (a.introduced === "0") return -1;
    if (b.introduced === "0") return 1;
    return cmp(at(a), at(b)) ?? 0;
  });
  let affected = false;
  for (const e of sorted) {
    if (e.introduced !== undefined) {
      if (e.introduced === "0") affected = true;
      else {
        const c = cmp(version, e.introduced);
        if (c === null) return null;
        if (c >= 0) affected = true;
      }
    } else if (e.fixed !== undefined) {
      const c = cmp(version, e.fixed);
      if (c === null) return null;
      if (c >= 0) affected = false;
    } else if (e.last_affected !== undefined) {
      const c = cmp(version, e.last_affected);
      if (c === null) return null;
      if (c > 0) affected = false;
    }
  }
  return affected;
}

/** Whether one component version is affected per one OSV `affected` entry; the fix versions it names. */
export function matchOsv(
  version: string,
  ecosystem: string,
  data: Extract<AffectedData, { kind: "osv" }>,
): MatchOutcome {
  const fixed = data.ranges.flatMap((r) => r.events.flatMap((e) => (e.fixed ? [e.fixed] : [])));
  if (data.versions.includes(version)) return { affected: true, fixed, undecidable: false };
  let undecidable = false;
  for (const range of data.ranges) {
    if (range.type === "GIT") continue;
    const cmp = comparatorFor(ecosystem, range.type);
    if (!cmp) {
      undecidable = true;
      continue;
    }
    const inside = inOsvRange(version, range, cmp);
    if (inside === null) undecidable = true;
    else if (inside) return { affected: true, fixed, undecidable: false };
  }
  return { affected: false, fixed, undecidable };
}

/** Whether a CPE's version is affected per one NVD cpeMatch (exact version or version bounds). */
export function matchCpe(version: string, data: Extract<AffectedData, { kind: "cpe" }>): MatchOutcome {
  const cmp = comparatorFor("cpe") as VersionCompare;
  const fixed = data.endExcluding ? [data.endExcluding] : [];
  const bounded = data.startIncluding || data.startExcluding || data.endIncluding || data.endExcluding;
  if (data.version && data.version !== "*" && data.version !== "-") {
    return { affected: cmp(version, data.version) === 0, fixed, undecidable: false };
  }
  if (!bounded) return { affected: true, fixed, undecidable: false };
  const checks: [string | undefined, (c: number) => boolean][] = [
    [data.startIncluding, (c) => c >= 0],
    [data.startExcluding, (c) => c > 0],
    [data.endIncluding, (c) => c <= 0],
    [data.endExcluding, (c) => c < 0],
  ];
  for (const [bound, ok] of checks) {
    if (!bound) continue;
    const c = cmp(version, bound);
    if (c === null) return { affected: false, fixed, undecidable: true };
    if (!ok(c)) return { affected: false, fixed, undecidable: false };
  }
  return { affected: true, fixed, undecidable: false };
}
