import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { createEvidence } from "../evidence/evidence.ts";
import { fillApplicationForm } from "../forms/fill-form.test-helper.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { createProduct } from "../product/product.ts";
import { createAssessment, getAssessment } from "./assessment.ts";
import { migrateAssessment } from "./migrate-assessment.ts";
import { linkEvidence, setCriterionResult } from "./set-result.ts";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "../catalog/test-fixtures");

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "NO_ERROR";
}

describe.each(testDialects())("assessment on %s", (dialect) => {
  let t: TestDb;
  let deps: CoreDeps;
  let ctx: RequestContext;
  let other: RequestContext;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const now = () => new Date("2026-11-26T00:00:00Z");
    deps = { db: t.db, catalog: loadCatalog([FIXTURES]), now };
    const org = await createOrganisation(t.db, "Maker KK", now());
    const org2 = await createOrganisation(t.db, "Other KK", now());
    ctx = { orgId: org.id, actor: { id: "usr_a", name: "A" }, lang: "en" };
    other = { orgId: org2.id, actor: { id: "usr_b", name: "B" }, lang: "en" };
  });
  afterAll(async () => t?.dispose());

  async function newAssessment() {
    const product = await createProduct(deps, ctx, {
      name: "CAM-100",
      category: "camera",
      modelNumbers: ["CAM-100-A"],
    });
    return createAssessment(deps, ctx, product.id, "star1-2025.05.05");
  }

  it("creates 16 not-assessed results and is not ready", async () => {
    const a = await newAssessment();
    expect(a.results).toHaveLength(16);
    expect(a.results.every((r) => r.state === "not_assessed" && r.version === 1)).toBe(true);
    expect(a.readiness.ready).toBe(false);
    expect(a.readiness.counts.blocked).toBe(16);
    expect(await codeOf(createAssessment(deps, ctx, a.productId, "star1-2025.05.05"))).toBe("ALREADY_EXISTS");
  });

  it("refuses verdicts that break the rules and writes nothing", async () => {
    const a = await newAssessment();
    expect(
      await codeOf(
        setCriterionResult(deps, ctx, a.id, "S1.1-05", {
          state: "not_applicable",
          naReason: "x",
          version: 1,
        }),
      ),
    ).toBe("NA_NOT_ALLOWED");
    expect(
      await codeOf(setCriterionResult(deps, ctx, a.id, "S1.1-12", { state: "not_applicable", version: 1 })),
    ).toBe("NA_WITHOUT_REASON");
    expect(
      await codeOf(setCriterionResult(deps, ctx, a.id, "S1.1-04", { state: "conformant", version: 1 })),
    ).toBe("MISSING_DEVICE_EVIDENCE");
    const doc = await createEvidence(deps, ctx, {
      type: "document",
      documentName: "Manual",
      location: "p.12",
    });
    // A document alone does not satisfy a device-test criterion; the links are not written either.
    expect(
      await codeOf(
        setCriterionResult(deps, ctx, a.id, "S1.1-04", {
          state: "conformant",
          version: 1,
          linkEvidenceIds: [doc.id],
        }),
      ),
    ).toBe("MISSING_DEVICE_EVIDENCE");
    expect(
      await codeOf(setCriterionResult(deps, ctx, a.id, "S1.1-99", { state: "conformant", version: 1 })),
    ).toBe("UNKNOWN_CRITERION");
    expect(await codeOf(setCriterionResult(deps, ctx, a.id, "S1.1-01", { state: "maybe", version: 1 }))).toBe(
      "VALIDATION_FAILED",
    );
    const after = await getAssessment(deps, ctx, a.id);
    expect(
      after.results.every((r) => r.state === "not_assessed" && r.version === 1 && r.evidence.length === 0),
    ).toBe(true);
  });

  it("records verdicts with evidence until the product is ready, and detects stale versions", async () => {
    const a = await newAssessment();
    const doc = await createEvidence(deps, ctx, {
      type: "document",
      documentName: "CAM-100 security design",
      documentNumber: "SD-100",
      documentVersion: "1.2",
      location: "chapter 4",
    });
    const rec = await createEvidence(deps, ctx, {
      type: "device_test",
      recordName: "probe-run-1.json",
      resultSummary: "all probes PASS",
      testedOn: "2026-11-20",
      tester: "Suzuki",
    });
    for (const criterion of deps.catalog.get("star1-2025.05.05").criteria) {
      const evidenceIds =
        criterion.method === "document"
          ? [doc.id]
          : criterion.method === "device"
            ? [rec.id]
            : [doc.id, rec.id];
      const body =
        criterion.id === "S1.1-15"
          ? { state: "not_applicable", naReason: "The product keeps no user data.", version: 1 }
          : { state: "conformant", version: 1, linkEvidenceIds: evidenceIds };
      const saved = await setCriterionResult(deps, ctx, a.id, criterion.id, body);
      expect(saved.version).toBe(2);
    }
    // Readiness is the product's: the application form's required items count too.
    const formMissing = await getAssessment(deps, ctx, a.id);
    expect(new Set(formMissing.readiness.blockers.map((b) => b.code))).toEqual(
      new Set(["APPLICATION_FIELD_MISSING"]),
    );
    await fillApplicationForm(deps, ctx, a.productId);
    const ready = await getAssessment(deps, ctx, a.id);
    expect(ready.readiness.ready).toBe(true);
    expect(
      ready.results
        .find((r) => r.criterionId === "S1.1-13")
        ?.evidence.map((e) => e.id)
        .sort(),
    ).toEqual([doc.id, rec.id].sort());
    // A second writer who read version 1 gets a conflict and changes nothing.
    expect(
      await codeOf(setCriterionResult(deps, ctx, a.id, "S1.1-09", { state: "non_conformant", version: 1 })),
    ).toBe("VERSION_CONFLICT");
    expect((await getAssessment(deps, ctx, a.id)).readiness.ready).toBe(true);
    // One unmet criterion blocks.
    await setCriterionResult(deps, ctx, a.id, "S1.1-09", {
      state: "non_conformant",
      version: 2,
      notes: "policy draft",
    });
    const blocked = await getAssessment(deps, ctx, a.id);
    expect(blocked.readiness.ready).toBe(false);
    expect(blocked.readiness.blockers.map((b) => b.code)).toEqual(["NON_CONFORMANT"]);
  });

  it("lets concurrent writers of the same result win at most once", async () => {
    const a = await newAssessment();
    const doc = await createEvidence(deps, ctx, {
      type: "document",
      documentName: "Policy",
      url: "https://example.jp/p",
    });
    const attempts = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        setCriterionResult(deps, ctx, a.id, "S1.1-09", {
          state: "conformant",
          version: 1,
          linkEvidenceIds: [doc.id],
        }),
      ),
    );
    expect(attempts.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    for (const x of attempts) {
      if (x.status === "rejected") expect((x.reason as AppError).code).toBe("VERSION_CONFLICT");
    }
  });

  it("keeps organisations apart", async () => {
    const a = await newAssessment();
    expect(await codeOf(getAssessment(deps, other, a.id))).toBe("NOT_FOUND");
    expect(
      await codeOf(setCriterionResult(deps, other, a.id, "S1.1-01", { state: "non_conformant", version: 1 })),
    ).toBe("NOT_FOUND");
    const foreign = await createEvidence(deps, other, {
      type: "document",
      documentName: "Theirs",
      location: "p.1",
    });
    expect(await codeOf(linkEvidence(deps, ctx, a.id, "S1.1-01", foreign.id))).toBe("NOT_FOUND");
  });

  it("moves to a newer checklist: unchanged carry over, changed need review, new start unassessed", async () => {
    const a = await newAssessment();
    const rec = await createEvidence(deps, ctx, {
      type: "device_test",
      recordName: "bf.log",
      resultSummary: "lockout after 5",
      testedOn: "2026-11-01",
      tester: "Ito",
    });
    const doc = await createEvidence(deps, ctx, { type: "document", documentName: "Spec", location: "§2" });
    await setCriterionResult(deps, ctx, a.id, "S1.1-04", {
      state: "conformant",
      version: 1,
      linkEvidenceIds: [rec.id],
    });
    await setCriterionResult(deps, ctx, a.id, "S1.1-01", {
      state: "conformant",
      version: 1,
      linkEvidenceIds: [doc.id],
    });
    const { assessment, summary } = await migrateAssessment(deps, ctx, a.id, "star1-2099.01.01");
    expect(assessment.catalogVersion).toBe("star1-2099.01.01");
    expect(assessment.migratedFrom).toBe(a.id);
    expect(summary.needsReview).toEqual(["S1.1-04"]);
    expect(summary.added).toEqual(["S1.1-17"]);
    expect(summary.carriedOver).toContain("S1.1-01");
    const r01 = assessment.results.find((r) => r.criterionId === "S1.1-01");
    expect(r01?.state).toBe("conformant");
    expect(r01?.evidence.map((e) => e.id)).toEqual([doc.id]);
    expect(
      assessment.readiness.criteria.find((c) => c.criterionId === "S1.1-04")?.blockers.map((b) => b.code),
    ).toEqual(["NEEDS_REVIEW"]);
    // The old assessment is untouched; moving backwards or twice is refused.
    expect((await getAssessment(deps, ctx, a.id)).catalogVersion).toBe("star1-2025.05.05");
    expect(await codeOf(migrateAssessment(deps, ctx, assessment.id, "star1-2025.05.05"))).toBe(
      "INVALID_MIGRATION",
    );
    expect(await codeOf(migrateAssessment(deps, ctx, a.id, "star1-2099.01.01"))).toBe("ALREADY_EXISTS");
    // Saving the reviewed result clears the flag.
    const r04 = assessment.results.find((r) => r.criterionId === "S1.1-04");
    const saved = await setCriterionResult(deps, ctx, assessment.id, "S1.1-04", {
      state: "conformant",
      version: r04?.version ?? 0,
    });
    expect(saved.needsReview).toBe(false);
  });
});
