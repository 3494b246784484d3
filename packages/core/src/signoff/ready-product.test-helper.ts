import { createAssessment } from "../assessment/assessment.ts";
import { setCriterionResult } from "../assessment/set-result.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { createEvidence } from "../evidence/evidence.ts";
import { createProduct } from "../product/product.ts";

/**
 * A product whose ★1 assessment is complete and ready: document evidence for document criteria,
 * a device-test record for device criteria, S1.1-15 not applicable with a reason.
 * `extraEvidenceIds` are linked to S1.1-01 as well (e.g. uploaded files).
 */
export async function readyProduct(
  deps: CoreDeps,
  ctx: RequestContext,
  options: { name?: string; extraEvidenceIds?: string[] } = {},
) {
  const product = await createProduct(deps, ctx, {
    name: options.name ?? "スマートカメラ CAM-100",
    category: "camera",
    modelNumbers: ["CAM-100-A", "CAM-100-B"],
    supportEndDate: "2031-03-31",
  });
  const assessment = await createAssessment(deps, ctx, product.id, "star1-2025.05.05");
  const doc = await createEvidence(deps, ctx, {
    type: "document",
    documentName: "CAM-100 セキュリティ設計書",
    documentNumber: "SD-100",
    documentVersion: "1.2",
    location: "第4章 4.2節",
  });
  const rec = await createEvidence(deps, ctx, {
    type: "device_test",
    recordName: "probe-run-2026-11-20.json",
    resultSummary: "全プローブ PASS",
    testedOn: "2026-11-20",
    tester: "鈴木",
  });
  const version = deps.catalog.get("star1-2025.05.05");
  for (const criterion of version.criteria) {
    const evidenceIds =
      criterion.method === "document"
        ? [doc.id]
        : criterion.method === "device"
          ? [rec.id]
          : [doc.id, rec.id];
    if (criterion.id === "S1.1-01") evidenceIds.push(...(options.extraEvidenceIds ?? []));
    const body =
      criterion.id === "S1.1-15"
        ? { state: "not_applicable", naReason: "利用者データを保持しないため。", version: 1 }
        : { state: "conformant", version: 1, linkEvidenceIds: evidenceIds };
    await setCriterionResult(deps, ctx, assessment.id, criterion.id, body);
  }
  return { product, assessmentId: assessment.id, doc, rec };
}
