import { compare as comparePep440, valid as validPep440 } from "@renovatebot/pep440";
import semver from "semver";
import { compareAlpine } from "./alpine.ts";
import { compareDebian } from "./debian.ts";
import { compareMaven } from "./maven.ts";

/** Negative, zero or positive; null when a version cannot be read in that scheme. */
export type VersionCompare = (a: string, b: string) => number | null;

export const compareSemver: VersionCompare = (a, b) => {
  const x = semver.valid(a.replace(/^v/, ""), { loose: true });
  const y = semver.valid(b.replace(/^v/, ""), { loose: true });
  if (!x || !y) return null;
  return semver.compare(x, y, { loose: true });
};

export const comparePep440Versions: VersionCompare = (a, b) => {
  if (!validPep440(a) || !validPep440(b)) return null;
  return Math.sign(comparePep440(a, b));
};

/**
 * The version scheme of an ecosystem (OSV names, lower-case). CPE versions (NVD) use the dpkg order, which
 * handles forms such as `1.1.1t` and `9.3p1`. Ecosystems without a scheme here match only the exact versions an advisory lists.
 */
export function comparatorFor(ecosystem: string, rangeType?: string): VersionCompare | null {
  if (rangeType === "SEMVER") return compareSemver;
  switch (ecosystem) {
    case "debian":
    case "ubuntu":
    case "cpe":
      return compareDebian;
    case "alpine":
      return compareAlpine;
    case "npm":
    case "crates.io":
    case "go":
    case "nuget":
    case "hex":
    case "pub":
      return compareSemver;
    case "pypi":
      return comparePep440Versions;
    case "maven":
      return compareMaven;
    default:
      return null;
  }
}
