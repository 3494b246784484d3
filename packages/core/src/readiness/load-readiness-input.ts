import {
  type AssessmentResults,
  type AssessmentView,
  latestAssessmentId,
  loadAssessmentResults,
} from "../assessment/assessment-results.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { getApplicationForm } from "../forms/application-form.ts";
import type { Route } from "../product/product.schema.ts";
import { getProduct } from "../product/product.ts";
import { productVulnerabilityState } from "../vuln/release-findings.ts";
import { type Readiness, type ReadinessInput, readiness } from "./readiness.ts";

/** Whose readiness: a product (its newest assessment) or one assessment (of its product). */
export type ReadinessTarget = { productId: string } | { assessmentId: string };

export type ReadinessOptions = {
  /** Default: the product's default route. */
  route?: Route;
};

/** Only the database and the catalog: the loader runs inside a caller's transaction as well. */
export type ReadinessDeps = Pick<CoreDeps, "db" | "catalog">;

/** Every input of `readiness()`, and the assessment its criteria come from. */
export type LoadedReadinessInput = {
  productId: string;
  /** Null when the product has no assessment yet: every criterion of the newest ★1 checklist is NOT_ASSESSED. */
  assessment: AssessmentResults | null;
  input: ReadinessInput;
};

export type LoadedReadiness = Omit<LoadedReadinessInput, "input"> & { readiness: Readiness };

/**
 * Gathers everything readiness decides on, for a product or an assessment: the criteria results with their
 * evidence (document references, device-test verdicts, the last vault verification of each), the blocking
 * vulnerability findings of the product's newest scanned release, and the application form's missing required
 * items. Every place that shows or enforces readiness goes through here (`loadReadiness`), so they all agree.
 */
export async function loadReadinessInput(
  deps: ReadinessDeps,
  ctx: RequestContext,
  target: ReadinessTarget,
  options: ReadinessOptions = {},
): Promise<LoadedReadinessInput> {
  const assessmentId =
    "assessmentId" in target ? target.assessmentId : await latestAssessmentId(deps, ctx, target.productId);
  const assessment = assessmentId ? await loadAssessmentResults(deps, ctx, assessmentId, options) : null;
  const productId = assessment?.productId ?? ("productId" in target ? target.productId : "");
  const route = assessment?.route ?? options.route ?? (await getProduct(deps, ctx, productId)).defaultRoute;
  const form = await getApplicationForm(deps, ctx, productId);
  return {
    productId,
    assessment,
    input: {
      catalog: assessment ? deps.catalog.get(assessment.catalogVersion) : deps.catalog.latest(1),
      route,
      results: assessment?.results ?? [],
      vulnerabilities: await productVulnerabilityState(deps.db, ctx.orgId, productId),
      application: { missing: form.missing },
    },
  };
}

/**
 * The readiness of a product or an assessment: `readiness()` over `loadReadinessInput()`. The one caller of
 * `readiness()` — the assessment view, the readiness API, the package page, sign-off, package build and an
 * application's mark_ready all use this.
 */
export async function loadReadiness(
  deps: ReadinessDeps,
  ctx: RequestContext,
  target: ReadinessTarget,
  options: ReadinessOptions = {},
): Promise<LoadedReadiness> {
  const { input, ...loaded } = await loadReadinessInput(deps, ctx, target, options);
  return { ...loaded, readiness: readiness(input) };
}

/** The assessment view of a loaded readiness (loaded for an assessment, so the assessment is there). */
export function toAssessmentView(loaded: LoadedReadiness): AssessmentView {
  if (!loaded.assessment) throw new Error("assessmentView: readiness was loaded without an assessment");
  return { ...loaded.assessment, readiness: loaded.readiness };
}
