import { getAssessment } from "../assessment/assessment.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import type { Route } from "../product/product.schema.ts";
import { getProduct } from "../product/product.ts";
import { type Readiness, readiness } from "../readiness/readiness.ts";
import { latestAssessmentId } from "../signoff/build-snapshot.ts";
import { getApplicationForm } from "./application-form.ts";

/**
 * Readiness of a product for the application: its newest assessment's criteria plus the application form's
 * required items (APPLICATION_FIELD_MISSING). Without an assessment, every criterion of the newest ★1 checklist
 * is NOT_ASSESSED. The sign-off and the package use this one.
 */
export async function productReadiness(
  deps: Pick<CoreDeps, "db" | "catalog">,
  ctx: RequestContext,
  productId: string,
  options: { route?: Route; assessmentId?: string } = {},
): Promise<Readiness> {
  const product = await getProduct(deps, ctx, productId);
  const assessmentId = options.assessmentId ?? (await latestAssessmentId(deps, ctx, productId));
  const form = await getApplicationForm(deps, ctx, productId);
  const application = { missing: form.missing };
  if (!assessmentId) {
    return readiness({
      catalog: deps.catalog.latest(1),
      route: options.route ?? product.defaultRoute,
      results: [],
      application,
    });
  }
  const view = await getAssessment(deps, ctx, assessmentId, options.route ? { route: options.route } : {});
  return readiness({
    catalog: deps.catalog.get(view.catalogVersion),
    route: view.route,
    results: view.results,
    application,
  });
}
