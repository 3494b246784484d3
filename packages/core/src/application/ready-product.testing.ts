import { createAssessment } from "../assessment/assessment.ts";
import { setCriterionResult } from "../assessment/set-result.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { createEvidence } from "../evidence/evidence.ts";
import { fillApplicationForm } from "../forms/fill-form.test-helper.ts";
import type { Route } from "../product/product.schema.ts";
import { createProduct } from "../product/product.ts";
import { signOff } from "../signoff/signoff.ts";

/** For tests: a product with model numbers and a self-assessment whose readiness is green. */
export async function makeReadyProduct(
  deps: CoreDeps,
  ctx: RequestContext,
  options: {
    name?: string;
    route?: Route;
    modelNumbers?: string[];
    supportEndDate?: string;
    /** false: leave the assessment unsigned (default: an owner signs it off). */
    signOff?: boolean;
  } = {},
) {
  const product = await createProduct(deps, ctx, {
    name: options.name ?? `CAM-${Math.random().toString(36).slice(2, 6)}`,
    category: "camera",
    modelNumbers: options.modelNumbers ?? ["M-1", "M-2"],
    defaultRoute: options.route ?? "standard",
    ...(options.supportEndDate ? { supportEndDate: options.supportEndDate } : {}),
  });
  const assessment = await createAssessment(deps, ctx, product.id);
  const doc = await createEvidence(deps, ctx, {
    type: "document",
    documentName: "Design",
    documentNumber: "SD-1",
    location: "ch. 4",
  });
  const rec = await createEvidence(deps, ctx, {
    type: "device_test",
    recordName: "probe.json",
    resultSummary: "PASS",
    testedOn: deps.now().toISOString().slice(0, 10),
    tester: "Suzuki",
  });
  for (const c of deps.catalog.get(assessment.catalogVersion).criteria) {
    const evidenceIds =
      c.method === "document" ? [doc.id] : c.method === "device" ? [rec.id] : [doc.id, rec.id];
    await setCriterionResult(deps, ctx, assessment.id, c.id, {
      state: "conformant",
      version: 1,
      linkEvidenceIds: evidenceIds,
    });
  }
  // The application form filled in and the self-declaration signed off by an owner, as marking ready requires.
  await fillApplicationForm(deps, ctx, product.id);
  if (options.signOff !== false)
    await signOff(deps, ctx, product.id, {
      signerName: "山田 太郎",
      signerTitle: "代表取締役",
      route: options.route ?? "standard",
    });
  return { product, assessment, doc, rec };
}
