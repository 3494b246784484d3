import { createWriteStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { gzipSync } from "node:zlib";

/**
 * Small advisory dumps and SBOMs made by the tests (shapes of OSV all.zip, NVD CVE JSON 2.0 feeds, CycloneDX and
 * SPDX), with known-vulnerable and fixed versions in four version schemes. Ids follow the public advisories they
 * imitate (CVE-2023-5678 in OpenSSL, CVE-2021-44228 in log4j, CVE-2023-32681 in requests…), data trimmed.
 */
export async function writeZip(path: string, entries: Record<string, string | Buffer>): Promise<string> {
  const { default: yazl } = await import("yazl");
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(entries)) {
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name);
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(path));
  return path;
}

const osv = (record: Record<string, unknown>) => JSON.stringify({ schema_version: "1.6.0", ...record });

export const OSV_RECORDS = {
  "DEBIAN-CVE-2023-5678.json": osv({
    id: "DEBIAN-CVE-2023-5678",
    modified: "2026-11-20T10:00:00Z",
    published: "2023-11-06T16:15:00Z",
    aliases: ["CVE-2023-5678"],
    summary: "openssl: excessive time spent in DH check / generation",
    affected: [
      {
        package: { ecosystem: "Debian:12", name: "openssl" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "3.0.13-1~deb12u1" }] }],
      },
    ],
  }),
  "GHSA-jfh8-c2jp-5v3q.json": osv({
    id: "GHSA-jfh8-c2jp-5v3q",
    modified: "2026-11-18T00:00:00Z",
    aliases: ["CVE-2021-44228"],
    summary: "Remote code injection in Log4j",
    severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H" }],
    affected: [
      {
        package: { ecosystem: "Maven", name: "org.apache.logging.log4j:log4j-core" },
        ranges: [
          {
            type: "ECOSYSTEM",
            events: [
              { introduced: "2.0-beta9" },
              { fixed: "2.3.1" },
              { introduced: "2.4" },
              { fixed: "2.12.2" },
              { introduced: "2.13.0" },
              { fixed: "2.15.0" },
            ],
          },
        ],
      },
    ],
  }),
  "GHSA-j8r2-6x86-q33q.json": osv({
    id: "GHSA-j8r2-6x86-q33q",
    modified: "2026-11-19T00:00:00Z",
    aliases: ["CVE-2023-32681"],
    summary: "Unintended leak of Proxy-Authorization header in requests",
    database_specific: { severity: "MODERATE" },
    affected: [
      {
        package: { ecosystem: "PyPI", name: "requests" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "2.3.0" }, { fixed: "2.31.0" }] }],
      },
    ],
  }),
  "GHSA-c2qf-rxjj-qqgw.json": osv({
    id: "GHSA-c2qf-rxjj-qqgw",
    modified: "2026-11-17T00:00:00Z",
    aliases: ["CVE-2022-25883"],
    summary: "semver vulnerable to Regular Expression Denial of Service",
    severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" }],
    affected: [
      {
        package: { ecosystem: "npm", name: "semver" },
        ranges: [
          { type: "SEMVER", events: [{ introduced: "0" }, { fixed: "5.7.2" }] },
          { type: "SEMVER", events: [{ introduced: "6.0.0" }, { fixed: "6.3.1" }] },
          { type: "SEMVER", events: [{ introduced: "7.0.0" }, { fixed: "7.5.2" }] },
        ],
      },
    ],
  }),
};

/** An NVD CVE JSON 2.0 feed with one CVE matched by CPE (BusyBox) and one rejected. */
export function nvdFeed(extra: object[] = []): string {
  return JSON.stringify({
    resultsPerPage: 3,
    startIndex: 0,
    totalResults: 3,
    format: "NVD_CVE",
    version: "2.0",
    timestamp: "2026-11-21T00:00:00.000",
    vulnerabilities: [
      {
        cve: {
          id: "CVE-2022-48174",
          published: "2023-08-22T19:16:19.000",
          lastModified: "2026-11-21T00:00:00.000",
          vulnStatus: "Analyzed",
          descriptions: [
            {
              lang: "en",
              value: "There is a stack overflow vulnerability in ash.c:6030 in busybox before 1.35.",
            },
          ],
          metrics: {
            cvssMetricV31: [
              {
                source: "nvd@nist.gov",
                type: "Primary",
                cvssData: {
                  version: "3.1",
                  vectorString: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                  baseScore: 9.8,
                  baseSeverity: "CRITICAL",
                },
              },
            ],
          },
          configurations: [
            {
              nodes: [
                {
                  operator: "OR",
                  negate: false,
                  cpeMatch: [
                    {
                      vulnerable: true,
                      criteria: "cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*",
                      versionEndExcluding: "1.35.0",
                      matchCriteriaId: "00000000-0000-0000-0000-000000000001",
                    },
                  ],
                },
              ],
            },
          ],
        },
      },
      {
        cve: {
          id: "CVE-2023-5678",
          lastModified: "2026-11-20T00:00:00.000",
          vulnStatus: "Analyzed",
          descriptions: [
            { lang: "en", value: "Generating excessively long X9.42 DH keys … can be very slow." },
          ],
          metrics: {
            cvssMetricV31: [
              {
                type: "Primary",
                cvssData: { baseScore: 5.3, vectorString: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L" },
              },
            ],
          },
        },
      },
      { cve: { id: "CVE-2020-0001", vulnStatus: "Rejected", descriptions: [] } },
      ...extra,
    ],
  });
}

export function writeNvdGz(dir: string, name = "nvdcve-2.0-2023.json.gz", body = nvdFeed()): string {
  const path = join(dir, name);
  writeFileSync(path, gzipSync(body));
  return path;
}

/** A CycloneDX 1.5 JSON SBOM: vulnerable and fixed versions side by side. */
export function cycloneDxSbom(components: { name: string; version: string; purl?: string; cpe?: string }[]) {
  return JSON.stringify({
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    version: 1,
    metadata: { component: { type: "firmware", name: "RT-500 firmware" } },
    components: components.map((c, i) => ({
      type: "library",
      "bom-ref": `c${i}`,
      name: c.name,
      version: c.version,
      supplier: { name: "Upstream" },
      licenses: [{ license: { id: "Apache-2.0" } }],
      ...(c.purl ? { purl: c.purl } : {}),
      ...(c.cpe ? { cpe: c.cpe } : {}),
    })),
  });
}

export const VULNERABLE_RELEASE = [
  {
    name: "openssl",
    version: "3.0.11-1~deb12u2",
    purl: "pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12",
  },
  { name: "log4j-core", version: "2.14.1", purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1" },
  { name: "requests", version: "2.30.0", purl: "pkg:pypi/requests@2.30.0" },
  { name: "semver", version: "7.5.1", purl: "pkg:npm/semver@7.5.1" },
  { name: "busybox", version: "1.34.1", cpe: "cpe:2.3:a:busybox:busybox:1.34.1:*:*:*:*:*:*:*" },
];

export const FIXED_RELEASE = [
  {
    name: "openssl",
    version: "3.0.13-1~deb12u1",
    purl: "pkg:deb/debian/openssl@3.0.13-1~deb12u1?distro=debian-12",
  },
  { name: "log4j-core", version: "2.17.1", purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1" },
  { name: "requests", version: "2.31.0", purl: "pkg:pypi/requests@2.31.0" },
  { name: "semver", version: "7.5.2", purl: "pkg:npm/semver@7.5.2" },
  { name: "busybox", version: "1.36.1", cpe: "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*" },
  { name: "zlib", version: "1.3.1", purl: "pkg:deb/debian/zlib@1.3.1?distro=debian-12" },
];
