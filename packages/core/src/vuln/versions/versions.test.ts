import { describe, expect, it } from "vitest";
import { type AffectedData, matchCpe, matchOsv } from "../affected.ts";
import { compareAlpine } from "./alpine.ts";
import { comparatorFor, comparePep440Versions, compareSemver } from "./compare.ts";
import { compareDebian } from "./debian.ts";
import { compareMaven } from "./maven.ts";

const ordered = (cmp: (a: string, b: string) => number | null, list: string[]) => {
  for (let i = 0; i + 1 < list.length; i++) {
    expect(cmp(list[i] as string, list[i + 1] as string), `${list[i]} < ${list[i + 1]}`).toBeLessThan(0);
    expect(cmp(list[i + 1] as string, list[i] as string), `${list[i + 1]} > ${list[i]}`).toBeGreaterThan(0);
  }
};

describe("Debian versions (dpkg order)", () => {
  it("orders tilde, letters, numbers, epochs and revisions as dpkg does", () => {
    ordered(compareDebian, [
      "1.0~rc1",
      "1.0",
      "1.0-1",
      "1.0-1+deb12u1",
      "1.0-2",
      "1.0a",
      "1.0+dfsg",
      "1.2",
      "1.10",
      "1:0.1",
    ]);
    expect(compareDebian("1.0", "1.0-0")).toBe(0);
    expect(compareDebian("001.02", "1.2")).toBe(0);
    expect(compareDebian("1.1.1n-0+deb11u5", "1.1.1n-0+deb11u4")).toBeGreaterThan(0);
    expect(compareDebian("2.36-9+deb12u4", "2.36-9+deb12u10")).toBeLessThan(0);
    expect(compareDebian("~~", "~~a")).toBeLessThan(0);
    expect(compareDebian("~", "")).toBeNull();
    expect(compareDebian("a:1", "1")).toBeNull();
  });
});

describe("Maven versions (ComparableVersion)", () => {
  it("orders qualifiers and numbers like Maven", () => {
    ordered(compareMaven, [
      "1.0-alpha1",
      "1.0-alpha2",
      "1.0-beta",
      "1.0-milestone-1",
      "1.0-rc1",
      "1.0-SNAPSHOT",
      "1.0",
      "1.0-sp1",
      "1.0.1",
      "1.9",
      "1.10",
      "2.0",
    ]);
    expect(compareMaven("1.0", "1")).toBe(0);
    expect(compareMaven("1.0.0", "1-ga")).toBe(0);
    expect(compareMaven("1.0-CR1", "1.0-rc1")).toBe(0);
    expect(compareMaven("2.17.0", "2.15.0")).toBeGreaterThan(0);
    expect(compareMaven("1.0 x", "1")).toBeNull();
  });
});

describe("Alpine versions (apk order)", () => {
  it("orders numbers, letters, suffixes and revisions as apk does", () => {
    ordered(compareAlpine, [
      "1.2",
      "1.2.0_alpha1",
      "1.2.0_beta",
      "1.2.0_pre2",
      "1.2.0_rc1",
      "1.2.0_rc2",
      "1.2.0",
      "1.2.0-r1",
      "1.2.0-r10",
      "1.2.0_git20230101",
      "1.2.0_p1",
      "1.2.0a",
      "1.2.1",
      "1.10.0",
    ]);
    expect(compareAlpine("1.36.1-r2", "1.36.1-r2")).toBe(0);
    expect(compareAlpine("3.1.4-r5", "3.1.4-r6")).toBeLessThan(0);
    expect(compareAlpine("1.0-1", "1.0")).toBeNull();
    expect(comparatorFor("alpine")).toBe(compareAlpine);
  });
});

describe("semver and PEP 440 via maintained libraries", () => {
  it("compares semver (with a v prefix) and pre-releases", () => {
    ordered(compareSemver, ["1.0.0-alpha", "1.0.0", "v1.2.3", "1.10.0"]);
    expect(compareSemver("not a version", "1.0.0")).toBeNull();
  });
  it("compares PEP 440 (epochs, pre/post/dev releases)", () => {
    ordered(comparePep440Versions, ["1.0.dev1", "1.0a1", "1.0rc1", "1.0", "1.0.post1", "1.1", "1!0.1"]);
    expect(comparePep440Versions("2.0", "2.0.0")).toBe(0);
  });
  it("picks the scheme by ecosystem", () => {
    expect(comparatorFor("pypi")).toBe(comparePep440Versions);
    expect(comparatorFor("maven")).toBe(compareMaven);
    expect(comparatorFor("debian")).toBe(compareDebian);
    expect(comparatorFor("unknown-ecosystem")).toBeNull();
    expect(comparatorFor("maven", "SEMVER")).toBe(compareSemver);
  });
});

describe("OSV ranges and NVD CPE bounds", () => {
  const osv = (ranges: AffectedData & { kind: "osv" }) => ranges;
  it("introduced / fixed / last_affected across schemes", () => {
    const deb = osv({
      kind: "osv",
      release: "12",
      versions: [],
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "3.0.11-1~deb12u2" }] }],
    });
    expect(matchOsv("3.0.11-1~deb12u1", "debian", deb).affected).toBe(true);
    expect(matchOsv("3.0.11-1~deb12u2", "debian", deb).affected).toBe(false);
    expect(matchOsv("3.0.11-1~deb12u1", "debian", deb).fixed).toEqual(["3.0.11-1~deb12u2"]);
    const two = osv({
      kind: "osv",
      release: null,
      versions: [],
      ranges: [
        {
          type: "ECOSYSTEM",
          events: [
            { introduced: "2.0" },
            { fixed: "2.15.0" },
            { introduced: "2.16.0" },
            { last_affected: "2.16.1" },
          ],
        },
      ],
    });
    expect(matchOsv("1.9", "maven", two).affected).toBe(false);
    expect(matchOsv("2.14.1", "maven", two).affected).toBe(true);
    expect(matchOsv("2.15.0", "maven", two).affected).toBe(false);
    expect(matchOsv("2.16.1", "maven", two).affected).toBe(true);
    expect(matchOsv("2.17.0", "maven", two).affected).toBe(false);
    const py = osv({
      kind: "osv",
      release: null,
      versions: [],
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.31.0" }] }],
    });
    expect(matchOsv("2.30.0", "pypi", py).affected).toBe(true);
    expect(matchOsv("2.31.0", "pypi", py).affected).toBe(false);
    expect(matchOsv("2.31.0rc1", "pypi", py).affected).toBe(true);
  });
  it("exact versions lists and undecidable schemes", () => {
    const listed = osv({ kind: "osv", release: null, versions: ["0.9"], ranges: [] });
    expect(matchOsv("0.9", "hackage", listed).affected).toBe(true);
    const unknown = osv({
      kind: "osv",
      release: null,
      versions: [],
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1" }] }],
    });
    expect(matchOsv("0.5", "hackage", unknown)).toMatchObject({ affected: false, undecidable: true });
  });
  it("CPE exact versions and bounds", () => {
    expect(matchCpe("1.1.1t", { kind: "cpe", version: "1.1.1t" }).affected).toBe(true);
    const bounded = { kind: "cpe" as const, version: "*", startIncluding: "3.0.0", endExcluding: "3.0.8" };
    expect(matchCpe("3.0.7", bounded).affected).toBe(true);
    expect(matchCpe("3.0.8", bounded)).toMatchObject({ affected: false, fixed: ["3.0.8"] });
    expect(matchCpe("2.9", bounded).affected).toBe(false);
  });
});
