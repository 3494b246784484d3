import { describe, expect, it } from "vitest";
import type { CriterionState } from "../assessment/criterion-state.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { Evidence } from "../evidence/evidence.ts";
import { type ReadinessResult, readiness } from "./readiness.ts";

const catalog = loadCatalog().get("star1-2025.05.05");
/** Inputs the tests here do not vary: nothing scanned, the application form complete. */
const none = { vulnerabilities: null, application: { missing: [] } };

const common = {
  kind: null,
  summary: null,
  file: null,
  revision: 1,
  supersedesId: null,
  retentionUntil: null,
  deletedAt: null,
  verification: null,
  deviceTestResult: null,
};

const doc: Evidence = {
  ...common,
  id: "evd_doc",
  type: "document",
  title: "Security spec",
  document: {
    documentName: "Security spec",
    documentNumber: "SEC-1",
    documentVersion: "1.0",
    location: "§3.2",
    url: null,
  },
  deviceTest: null,
  notes: null,
  createdAt: "2026-01-01T00:00:00Z",
  createdBy: null,
};
const device: Evidence = {
  ...common,
  id: "evd_dev",
  type: "device_test",
  title: "Probe log",
  document: null,
  deviceTest: {
    recordName: "probe-2026-01-01.json",
    resultSummary: "PASS",
    testedOn: "2026-01-01",
    tester: "Sato",
  },
  notes: null,
  createdAt: "2026-01-01T00:00:00Z",
  createdBy: null,
};

/** Every criterion conformant with the evidence its method needs. */
function allConformant(): ReadinessResult[] {
  return catalog.criteria.map((c) => ({
    criterionId: c.id,
    state: "conformant" as CriterionState,
    naReason: null,
    needsReview: false,
    evidence: c.method === "document" ? [doc] : c.method === "device" ? [device] : [doc, device],
  }));
}

function withResult(
  results: ReadinessResult[],
  id: string,
  patch: Partial<ReadinessResult>,
): ReadinessResult[] {
  return results.map((r) => (r.criterionId === id ? { ...r, ...patch } : r));
}

describe("readiness()", () => {
  it("is ready only when every criterion is met with its evidence", () => {
    const r = readiness({ ...none, catalog, route: "standard", results: allConformant() });
    expect(r.ready).toBe(true);
    expect(r.counts).toEqual({ total: 16, ready: 16, blocked: 0, deemedMet: 0 });
    expect(r.blockers).toEqual([]);
  });

  it("blocks on a single unassessed or non-conformant criterion", () => {
    const one = readiness({
      ...none,
      catalog,
      route: "standard",
      results: withResult(allConformant(), "S1.1-09", { state: "non_conformant" }),
    });
    expect(one.ready).toBe(false);
    expect(one.blockers.map((b) => [b.criterionId, b.code])).toEqual([["S1.1-09", "NON_CONFORMANT"]]);
    expect(one.blockers[0]?.message.ja).toContain("S1.1-09");
    const missing = readiness({
      ...none,
      catalog,
      route: "standard",
      results: allConformant().filter((r) => r.criterionId !== "S1.1-16"),
    });
    expect(missing.blockers.map((b) => b.code)).toEqual(["NOT_ASSESSED"]);
  });

  it("applies the N/A rules: only where allowed, only with a reason", () => {
    let results = withResult(allConformant(), "S1.1-05", { state: "not_applicable", naReason: "x" });
    results = withResult(results, "S1.1-12", { state: "not_applicable", naReason: "  " });
    results = withResult(results, "S1.1-15", {
      state: "not_applicable",
      naReason: "No user data is ever stored.",
    });
    const r = readiness({ ...none, catalog, route: "standard", results });
    expect(r.blockers.map((b) => [b.criterionId, b.code])).toEqual([
      ["S1.1-05", "NA_NOT_ALLOWED"],
      ["S1.1-12", "NA_WITHOUT_REASON"],
    ]);
  });

  it("requires the evidence of the method: document, device or both", () => {
    let results = withResult(allConformant(), "S1.1-01", { evidence: [device] });
    results = withResult(results, "S1.1-04", { evidence: [doc] });
    results = withResult(results, "S1.1-13", { evidence: [doc] });
    results = withResult(results, "S1.1-15", { evidence: [] });
    const r = readiness({ ...none, catalog, route: "standard", results });
    expect(r.blockers.map((b) => `${b.criterionId}:${b.code}`)).toEqual([
      "S1.1-01:MISSING_DOCUMENT_EVIDENCE",
      "S1.1-04:MISSING_DEVICE_EVIDENCE",
      "S1.1-13:MISSING_DEVICE_EVIDENCE",
      "S1.1-15:MISSING_DOCUMENT_EVIDENCE",
      "S1.1-15:MISSING_DEVICE_EVIDENCE",
    ]);
  });

  it("does not count an incomplete document reference; a URL stands in for a page", () => {
    const noWhere = {
      ...doc,
      document: { ...(doc.document as NonNullable<Evidence["document"]>), location: null },
    };
    const withUrl = { ...noWhere, document: { ...noWhere.document, url: "https://example.jp/security" } };
    const blocked = readiness({
      ...none,
      catalog,
      route: "standard",
      results: withResult(allConformant(), "S1.1-05", { evidence: [noWhere] }),
    });
    expect(blocked.blockers.map((b) => b.code)).toEqual(["MISSING_DOCUMENT_EVIDENCE"]);
    const ok = readiness({
      ...none,
      catalog,
      route: "standard",
      results: withResult(allConformant(), "S1.1-05", { evidence: [withUrl] }),
    });
    expect(ok.ready).toBe(true);
  });

  it("blocks a criterion whose evidence failed verification", () => {
    const broken = {
      ...doc,
      verification: { ok: false, problem: "file changed", checkedAt: "2026-11-26T00:00:00Z" },
    };
    const r = readiness({
      ...none,
      catalog,
      route: "standard",
      results: withResult(allConformant(), "S1.1-07", { evidence: [broken] }),
    });
    expect(r.blockers.map((b) => `${b.criterionId}:${b.code}`)).toEqual([
      "S1.1-07:EVIDENCE_VERIFICATION_FAILED",
    ]);
  });

  it("blocks a criterion whose latest linked device test failed, not one that was re-run and passed", () => {
    const run = (verdict: string, createdAt: string, id: string): Evidence => ({
      ...device,
      id,
      createdAt,
      deviceTestResult: { key: "brute-force:web", verdict },
    });
    const failed = readiness({
      ...none,
      catalog,
      route: "standard",
      results: withResult(allConformant(), "S1.1-04", {
        evidence: [device, run("FAIL", "2026-11-01T00:00:00Z", "e1")],
      }),
    });
    expect(failed.blockers.map((b) => `${b.criterionId}:${b.code}`)).toEqual(["S1.1-04:DEVICE_TEST_FAILED"]);
    const fixed = readiness({
      ...none,
      catalog,
      route: "standard",
      results: withResult(allConformant(), "S1.1-04", {
        evidence: [
          device,
          run("FAIL", "2026-11-01T00:00:00Z", "e1"),
          run("PASS", "2026-11-02T00:00:00Z", "e2"),
        ],
      }),
    });
    expect(fixed.ready).toBe(true);
  });

  it("flags carried-over results that need review", () => {
    const r = readiness({
      ...none,
      catalog,
      route: "standard",
      results: withResult(allConformant(), "S1.1-04", { needsReview: true }),
    });
    expect(r.blockers.map((b) => b.code)).toEqual(["NEEDS_REVIEW"]);
  });

  it("deems S1.1-02, -05 and -16 met on the UK PSTI route, and only there", () => {
    let results = allConformant();
    for (const id of ["S1.1-02", "S1.1-05", "S1.1-16"])
      results = withResult(results, id, { state: "not_assessed", evidence: [] });
    const psti = readiness({ ...none, catalog, route: "psti", results });
    expect(psti.ready).toBe(true);
    expect(psti.criteria.filter((c) => c.deemedMet).map((c) => c.criterionId)).toEqual([
      "S1.1-02",
      "S1.1-05",
      "S1.1-16",
    ]);
    const standard = readiness({ ...none, catalog, route: "standard", results });
    expect(standard.ready).toBe(false);
    expect(standard.counts.blocked).toBe(3);
    const pstiOther = readiness({
      ...none,
      catalog,
      route: "psti",
      results: withResult(results, "S1.1-03", { state: "not_assessed" }),
    });
    expect(pstiOther.blockers.map((b) => b.criterionId)).toEqual(["S1.1-03"]);
  });
});
