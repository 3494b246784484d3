import { describe, expect, it } from "vitest";
import type { AppError } from "../errors/app-error.ts";
import { jsonArrayItems } from "./json-array-items.ts";
import { normalisePypi, packageFromPurl, parseCpe, purlIdentity } from "./purl.ts";
import { parseScannerReport } from "./scanner-reports.ts";
import { normaliseSeverity, scoreOfVector, severityOfScore } from "./severity.ts";
import { nvdFeed } from "./test-dumps.ts";

async function* chunked(text: string, size: number) {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(text: string, size: number) {
  const out: unknown[] = [];
  const header = { text: "" };
  for await (const item of jsonArrayItems(chunked(text, size), "vulnerabilities", 1_000_000, header))
    out.push(item);
  return { out, header };
}

describe("streamed JSON array items (NVD feeds)", () => {
  it("cuts out every element whatever the chunk size, including multi-byte text split across chunks", async () => {
    const feed = nvdFeed([
      { cve: { id: "CVE-2024-0001", descriptions: [{ lang: "ja", value: '日本語の説明 "引用" \\ ]}' }] } },
    ]);
    for (const size of [1, 3, 7, 64, 100_000]) {
      const { out, header } = await collect(feed, size);
      expect(out, `chunk ${size}`).toEqual(JSON.parse(feed).vulnerabilities);
      expect(header.text).toContain('"format":"NVD_CVE"');
    }
  });
  it("refuses truncated documents, a missing array and broken elements", async () => {
    await expect(collect('{"vulnerabilities":[{"cve":{}}', 5)).rejects.toThrow(/truncated/);
    await expect(collect('{"other":[]}', 5)).rejects.toThrow(/no "vulnerabilities" array/);
    await expect(collect('{"vulnerabilities":[{"a":tru}]}', 5)).rejects.toThrow();
    await expect(collect("[1,2]", 5)).rejects.toThrow(/not a JSON object/);
  });
});

describe("purl, CPE and severity", () => {
  it("reads purls of each ecosystem into OSV names", () => {
    expect(
      packageFromPurl("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?upstream=openssl&distro=debian-12"),
    ).toEqual({
      ecosystem: "debian",
      package: "openssl",
      version: "3.0.11-1~deb12u2",
      release: "12",
    });
    expect(packageFromPurl("pkg:npm/%40babel/core@7.0.0")?.package).toBe("@babel/core");
    expect(packageFromPurl("pkg:pypi/Flask_Cors@3.0.0")?.package).toBe("flask-cors");
    expect(packageFromPurl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")?.package).toBe(
      "org.apache.logging.log4j:log4j-core",
    );
    expect(packageFromPurl("pkg:golang/github.com/gin-gonic/gin@v1.9.0")).toMatchObject({
      ecosystem: "go",
      package: "github.com/gin-gonic/gin",
    });
    expect(packageFromPurl("pkg:apk/alpine/busybox@1.36.1-r2?distro=alpine-3.18.4")).toMatchObject({
      ecosystem: "alpine",
      release: "v3.18",
    });
    expect(packageFromPurl("not a purl")).toBeNull();
    expect(purlIdentity("pkg:npm/semver@7.5.1?x=1")).toBe("pkg:npm/semver");
    expect(normalisePypi("Zope.Interface")).toBe("zope-interface");
    expect(parseCpe("cpe:2.3:a:openbsd:openssh:9.3:p1:*:*:*:*:*:*")).toEqual({
      package: "openbsd:openssh",
      version: "9.3p1",
    });
    expect(parseCpe("cpe:/a:busybox:busybox:1.34.1")).toEqual({
      package: "busybox:busybox",
      version: "1.34.1",
    });
  });
  it("scores CVSS vectors and maps words", () => {
    expect(scoreOfVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).toBe(9.8);
    expect(scoreOfVector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")).toBe(9.3);
    expect(scoreOfVector("nonsense")).toBeNull();
    expect(severityOfScore(7)).toBe("high");
    expect(severityOfScore(6.9)).toBe("medium");
    expect(normaliseSeverity("MODERATE")).toBe("medium");
    expect(normaliseSeverity("Negligible")).toBe("low");
    expect(normaliseSeverity("???")).toBe("unknown");
  });
});

describe("scanner reports", () => {
  const refused = (body: string) => {
    try {
      parseScannerReport(Buffer.from(body));
    } catch (error) {
      return (error as AppError).code;
    }
    return "accepted";
  };
  it("refuses what is not a report, bad JSON and DTDs", () => {
    expect(refused("{bad")).toBe("SCANNER_REPORT_REFUSED");
    expect(refused('{"hello":1}')).toBe("SCANNER_REPORT_REFUSED");
    expect(refused('<!DOCTYPE x [<!ENTITY a "b">]><report/>')).toBe("SCANNER_REPORT_REFUSED");
    expect(refused('{"Results":[{"Vulnerabilities":[{"PkgName":"x"}]}]}')).toBe("SCANNER_REPORT_REFUSED");
    expect(refused('{"SchemaVersion":2,"Results":[]}')).toBe("accepted");
  });
});

describe("the readiness rule for vulnerabilities", () => {
  it("blocks S1.1-13 only, and only while blocking findings remain", async () => {
    const { loadCatalog } = await import("../catalog/load-catalog.ts");
    const { readiness } = await import("../readiness/readiness.ts");
    const catalog = loadCatalog().latest(1);
    const codes = (blocking: number | null) =>
      readiness({
        catalog,
        route: "standard",
        results: [],
        vulnerabilities: blocking === null ? null : { blocking, releaseVersion: "1.0.0" },
        application: { missing: [] },
      }).blockers.filter((b) => b.code === "UNRESOLVED_VULNERABILITY");
    expect(codes(2).map((b) => b.criterionId)).toEqual(["S1.1-13"]);
    expect(codes(2)[0]?.message.ja).toContain("S1.1-13");
    expect(codes(0)).toEqual([]);
    expect(codes(null)).toEqual([]);
  });
});
