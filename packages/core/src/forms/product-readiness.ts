import { getAssessment } from "../assessment/assessment.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import type { Route } from "../product/product.schema.ts";
import { type Readiness, readiness } from "../readiness/readiness.ts";
import { currentAssessmentId } from "../signoff/build-snapshot.ts";
import { getApplicationForm } from "./application-form.ts";

/**
 * Readiness of a product for the application: its newest assessment's criteria plus the application form's
 * required items (APPLICATION_FIELD_MISSING). The sign-off and the package use this one.
 */
export async function productReadiness(
  deps: Pick<CoreDeps, "db" | "catalog">,
  ctx: RequestContext,
  productId: string,
  options: { route?: Route; assessmentId?: string } = {},
): Promise<Readiness> {
  const assessmentId = options.assessmentId ?? (await currentAssessmentId(deps, ctx, productId));
  const view = await getAssessment(deps, ctx, assessmentId, { route: options.route });
  const form = await getApplicationForm(deps, ctx, productId);
  return readiness({
    catalog: deps.catalog.get(view.catalogVersion),
    route: view.route,
    results: view.results,
    application: { missing: form.missing },
  });
}
