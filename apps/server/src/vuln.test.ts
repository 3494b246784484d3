import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createProduct, VULN_DATA_STALE_AFTER_DAYS } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import {
  cycloneDxSbom,
  OSV_RECORDS,
  VULNERABLE_RELEASE,
  writeNvdGz,
  writeZip,
} from "@jcstar/core/vuln/test-dumps";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp, type TestUser } from "./test-app.ts";

type Findings = {
  counts: { total: number; blocking: number; notAffected: number };
  findings: {
    vulnId: string;
    componentKey: string;
    componentName: string;
    blocking: boolean;
    scanKind: string;
    severity: string;
  }[];
  scans: { kind: string; evidenceId: string }[];
};

const TRIVY = JSON.stringify({
  SchemaVersion: 2,
  ArtifactName: "rootfs.tar",
  Results: [
    {
      Target: "rootfs.tar (debian 12.4)",
      Vulnerabilities: [
        {
          VulnerabilityID: "CVE-2023-5678",
          PkgName: "openssl",
          PkgIdentifier: { PURL: "pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12" },
          InstalledVersion: "3.0.11-1~deb12u2",
          FixedVersion: "3.0.13-1~deb12u1",
          Severity: "MEDIUM",
          Title: "openssl: DH check",
          CVSS: { nvd: { V3Score: 5.3 } },
        },
        {
          VulnerabilityID: "CVE-2024-0727",
          PkgName: "libssl3",
          InstalledVersion: "3.0.11-1~deb12u2",
          Severity: "HIGH",
        },
      ],
    },
  ],
});

const GRYPE = JSON.stringify({
  matches: [
    {
      vulnerability: {
        id: "GHSA-jfh8-c2jp-5v3q",
        severity: "Critical",
        fix: { versions: ["2.15.0"], state: "fixed" },
        cvss: [{ metrics: { baseScore: 10 } }],
      },
      relatedVulnerabilities: [{ id: "CVE-2021-44228" }],
      artifact: {
        name: "log4j-core",
        version: "2.14.1",
        type: "java-archive",
        purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
      },
    },
  ],
  descriptor: { name: "grype", version: "0.74.0" },
});

const OPENVAS = `<?xml version="1.0" encoding="UTF-8"?>
<get_reports_response status="200"><report id="r1"><report id="r1">
  <results>
    <result id="x1"><name>OpenSSH Multiple Vulnerabilities</name><host>192.0.2.10</host><port>22/tcp</port>
      <nvt oid="1.3.6.1.4.1.25623.1.0.100001"><name>OpenSSH &lt; 9.3p2 Multiple Vulnerabilities</name>
        <refs><ref type="cve" id="CVE-2023-38408"/><ref type="url" id="https://example.org"/></refs></nvt>
      <threat>High</threat><severity>9.8</severity></result>
    <result id="x2"><name>TCP timestamps</name><host>192.0.2.10</host><port>general/tcp</port>
      <nvt oid="1.3.6.1.4.1.25623.1.0.80091"><name>TCP Timestamps Information Disclosure</name></nvt>
      <threat>Log</threat><severity>0.0</severity></result>
  </results>
</report></report></get_reports_response>`;

describe.each(testDialects())("SBOM and vulnerability API on %s", (dialect) => {
  let t: TestApp;
  let editor: TestUser;
  let viewer: TestUser;
  let releaseId: string;
  let assessmentId: string;
  const dir = tempDir("jcstar-vuln-api-");

  beforeAll(async () => {
    t = await openTestApp(dialect, { maxJsonBytes: 64 * 1024 });
    editor = await t.user("editor");
    viewer = await t.user("viewer");
    const ctx = { orgId: t.orgId, actor: { id: editor.id, name: "E" }, lang: "en" as const };
    const productId = (await createProduct(t.deps, ctx, { name: "Router", category: "router" })).id;
    const a = await t.app.request(`/api/products/${productId}/assessments`, json("POST", {}, editor.headers));
    assessmentId = ((await a.json()) as { id: string }).id;
    const r = await t.app.request(
      `/api/products/${productId}/releases`,
      json("POST", { version: "1.0.0", releasedOn: "2026-11-01" }, editor.headers),
    );
    expect(r.status).toBe(201);
    releaseId = ((await r.json()) as { id: string }).id;
  });
  afterAll(async () => {
    await t?.close();
    dir.cleanup();
  });

  it("lets an instance admin import OSV and NVD data over HTTP (streamed), and members see its age", async () => {
    const admin = await t.user(null, { instanceRole: "admin" });
    const session = await t.session(admin.id);
    const zip = readFileSync(await writeZip(join(dir.path, "all.zip"), OSV_RECORDS));
    const osv = await t.app.request("/api/vuln/sources/osv?fileName=Maven-all.zip", {
      method: "POST",
      headers: { ...session, "content-type": "application/zip" },
      body: zip,
    });
    expect(osv.status).toBe(201);
    expect(await osv.json()).toMatchObject({ kind: "osv", advisoryCount: 4, fileName: "Maven-all.zip" });
    const nvd = await t.app.request("/api/vuln/sources/nvd?fileName=nvdcve-2.0-2023.json.gz", {
      method: "POST",
      headers: { ...session, "content-type": "application/gzip" },
      body: readFileSync(writeNvdGz(dir.path)),
    });
    expect(nvd.status).toBe(201);
    const bad = await t.app.request("/api/vuln/sources/nvd", {
      method: "POST",
      headers: { ...session, "content-type": "application/gzip" },
      body: "{not json",
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("VULN_DATA_REFUSED");
    // A dump over the upload limit is refused while it streams (413), and nothing changes.
    const tooBig = await t.app.request("/api/vuln/sources/osv", {
      method: "POST",
      headers: { ...session, "content-type": "application/zip" },
      body: Buffer.alloc(t.deps.maxUploadBytes + 1),
    });
    expect(tooBig.status).toBe(413);
    expect((await t.db.db.selectFrom("vuln_sources").select("id").execute()).length).toBe(2);
    // An editor's API token cannot import instance data.
    const denied = await t.app.request("/api/vuln/sources/osv", {
      method: "POST",
      headers: editor.headers,
      body: zip,
    });
    expect(denied.status).toBe(403);
    const list = await t.app.request("/api/vuln/sources", { headers: viewer.headers });
    const listed = (await list.json()) as { kind: string; stale: boolean; staleAfterDays: number }[];
    expect(listed.map((s) => [s.kind, s.staleAfterDays])).toEqual([
      ["nvd", VULN_DATA_STALE_AFTER_DAYS],
      ["osv", VULN_DATA_STALE_AFTER_DAYS],
    ]);
    expect(listed.every((s) => typeof s.stale === "boolean")).toBe(true);
  });

  it("imports an SBOM, scans the release, blocks readiness, and clears it with a VEX statement", async () => {
    const up = await t.app.request(`/api/releases/${releaseId}/sbom?fileName=bom.json`, {
      method: "POST",
      headers: { ...editor.headers, "content-type": "application/octet-stream" },
      body: cycloneDxSbom(VULNERABLE_RELEASE),
    });
    expect(up.status).toBe(201);
    expect(await up.json()).toMatchObject({ format: "cyclonedx-json", components: 5 });
    const viewerScan = await t.app.request(
      `/api/releases/${releaseId}/vuln-scans`,
      json("POST", {}, viewer.headers),
    );
    expect(viewerScan.status).toBe(403);
    const scan = await t.app.request(
      `/api/releases/${releaseId}/vuln-scans`,
      json("POST", {}, editor.headers),
    );
    expect(scan.status).toBe(201);
    expect(await scan.json()).toMatchObject({ kind: "match", counts: { components: 5, findings: 5 } });
    const view = (await (
      await t.app.request(`/api/releases/${releaseId}/findings`, { headers: viewer.headers })
    ).json()) as Findings;
    expect(view.counts).toMatchObject({ total: 5, blocking: 3 });
    const readiness = async () =>
      (
        (await (
          await t.app.request(`/api/assessments/${assessmentId}`, { headers: viewer.headers })
        ).json()) as {
          readiness: { blockers: { code: string; criterionId: string }[] };
        }
      ).readiness.blockers.filter((b) => b.code === "UNRESOLVED_VULNERABILITY");
    expect(await readiness()).toHaveLength(1);
    for (const f of view.findings.filter((x) => x.blocking)) {
      const put = await t.app.request(
        `/api/releases/${releaseId}/vex`,
        json(
          "PUT",
          {
            vulnId: f.vulnId,
            componentKey: f.componentKey,
            justification: "protected_by_mitigating_control",
            detail: "Port closed by the firewall.",
          },
          editor.headers,
        ),
      );
      expect(put.status).toBe(200);
    }
    expect(await readiness()).toEqual([]);
    const vex = await t.app.request(`/api/releases/${releaseId}/vex`, { headers: viewer.headers });
    expect(vex.headers.get("content-type")).toContain("cyclonedx");
    const doc = (await vex.json()) as {
      vulnerabilities: { analysis: { state: string; justification: string } }[];
    };
    expect(doc.vulnerabilities).toHaveLength(3);
    expect(doc.vulnerabilities[0]?.analysis).toMatchObject({
      state: "not_affected",
      justification: "protected_by_mitigating_control",
    });
    const sbom = (await (
      await t.app.request(`/api/releases/${releaseId}/sbom`, { headers: viewer.headers })
    ).json()) as {
      components: unknown[];
    };
    expect(sbom.components).toHaveLength(5);
  });

  it("imports Trivy, Grype and Greenbone/OpenVAS reports into the same findings view, as evidence", async () => {
    const post = (body: string, name: string) =>
      t.app.request(`/api/releases/${releaseId}/scanner-reports?fileName=${name}`, {
        method: "POST",
        headers: { ...editor.headers, "content-type": "application/octet-stream" },
        body,
      });
    const trivy = await post(TRIVY, "trivy.json");
    expect(trivy.status).toBe(201);
    expect(await trivy.json()).toMatchObject({ kind: "trivy", counts: { findings: 2 } });
    expect((await post(GRYPE, "grype.json")).status).toBe(201);
    const ov = await post(OPENVAS, "report.xml");
    expect(ov.status).toBe(201);
    expect(await ov.json()).toMatchObject({ kind: "openvas", tool: "greenbone", counts: { findings: 2 } });
    const view = (await (
      await t.app.request(`/api/releases/${releaseId}/findings`, { headers: viewer.headers })
    ).json()) as Findings;
    expect(view.scans.map((s) => s.kind).sort()).toEqual(["grype", "match", "openvas", "trivy"]);
    const byKind = (kind: string) => view.findings.filter((f) => f.scanKind === kind);
    expect(byKind("trivy").map((f) => [f.vulnId, f.severity])).toEqual([
      ["CVE-2024-0727", "high"],
      ["CVE-2023-5678", "medium"],
    ]);
    // The VEX statement recorded for log4j (by GHSA id) also covers Grype's finding of it.
    expect(byKind("grype")[0]).toMatchObject({ vulnId: "GHSA-jfh8-c2jp-5v3q", blocking: false });
    expect(byKind("openvas").map((f) => [f.componentName, f.vulnId, f.severity])).toEqual([
      ["192.0.2.10 22/tcp", "CVE-2023-38408", "high"],
      ["192.0.2.10 general/tcp", "OID-1.3.6.1.4.1.25623.1.0.80091", "none"],
    ]);
    const evidence = await t.db.db
      .selectFrom("evidence")
      .select(["original_name"])
      .where(
        "id",
        "in",
        view.scans.map((s) => s.evidenceId),
      )
      .execute();
    expect(evidence.map((e) => e.original_name).sort()).toEqual([
      "grype.json",
      "report.xml",
      "trivy.json",
      "vuln-scan-1.0.0.json",
    ]);
    const bad = await post('{"neither": true}', "x.json");
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      "not a Trivy or Grype",
    );
  });

  it("refuses an SBOM over the size limit and a bad one, with nothing written", async () => {
    const count = async () =>
      (await t.db.db.selectFrom("sbom_imports").select("id").where("release_id", "=", releaseId).execute())
        .length;
    const before = await count();
    const bad = await t.app.request(`/api/releases/${releaseId}/sbom`, {
      method: "POST",
      headers: { ...editor.headers, "content-type": "application/octet-stream", "accept-language": "ja" },
      body: '{"bomFormat":"CycloneDX","specVersion":"1.3"}',
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      "SBOM を取り込めません",
    );
    const huge = await t.app.request(`/api/releases/${releaseId}/sbom`, {
      method: "POST",
      headers: {
        ...editor.headers,
        "content-type": "application/octet-stream",
        "content-length": String(65 * 1024 * 1024),
      },
      body: "{}",
    });
    expect(huge.status).toBe(413);
    expect(await count()).toBe(before);
  });
});
