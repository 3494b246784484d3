import { getAssessment } from "../assessment/assessment.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { isoNow } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";
import type { Evidence } from "../evidence/evidence.ts";
import { listModelNumbers } from "../product/model-numbers.ts";
import type { Route } from "../product/product.schema.ts";
import { getProduct } from "../product/product.ts";
import type { Readiness } from "../readiness/readiness.ts";
import {
  type AssessmentSnapshot,
  type DeviceTestSummary,
  SNAPSHOT_FORMAT,
  type SnapshotCriterion,
  type SnapshotEvidence,
} from "./snapshot.ts";

/** Extra readiness (e.g. application fields) a caller folds in; default: the assessment's own readiness. */
export type SnapshotOptions = {
  route?: Route;
  assessmentId?: string;
  readiness?: (r: Readiness) => Promise<Readiness> | Readiness;
};

/** The newest assessment of a product (the one a sign-off and a package speak for), or null. */
export async function latestAssessmentId(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  productId: string,
): Promise<string | null> {
  const row = await deps.db
    .selectFrom("assessments")
    .select("id")
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The newest assessment of a product, or NOT_FOUND. */
export async function currentAssessmentId(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  productId: string,
): Promise<string> {
  const id = await latestAssessmentId(deps, ctx, productId);
  if (!id)
    throw new AppError("NOT_FOUND", {
      entity: ctx.lang === "ja" ? "自己適合評価" : "Assessment",
      id: productId,
    });
  return id;
}

/**
 * Everything the self-declaration of a product states, as plain JSON: organisation, product and model
 * numbers, route, checklist version, each criterion with its result, N/A reason and evidence references
 * (with file hashes), device-test summaries and the readiness result.
 */
export async function buildAssessmentSnapshot(
  deps: Pick<CoreDeps, "db" | "catalog" | "now">,
  ctx: RequestContext,
  productId: string,
  options: SnapshotOptions = {},
): Promise<AssessmentSnapshot> {
  const product = await getProduct(deps, ctx, productId);
  const assessmentId = options.assessmentId ?? (await currentAssessmentId(deps, ctx, productId));
  const view = await getAssessment(deps, ctx, assessmentId, { route: options.route });
  if (view.productId !== productId)
    throw new AppError("NOT_FOUND", { entity: "Assessment", id: assessmentId });
  const models = await listModelNumbers(deps, ctx, productId);
  const org = await deps.db
    .selectFrom("organisations")
    .select(["id", "name", "corporate_number"])
    .where("id", "=", ctx.orgId)
    .executeTakeFirstOrThrow();
  const version = deps.catalog.get(view.catalogVersion);
  const ready = options.readiness ? await options.readiness(view.readiness) : view.readiness;
  const byCriterion = new Map(ready.criteria.map((c) => [c.criterionId, c]));
  const results = new Map(view.results.map((r) => [r.criterionId, r]));

  const criteria = version.criteria.map((c): SnapshotCriterion => {
    const result = results.get(c.id);
    const state = byCriterion.get(c.id);
    return {
      id: c.id,
      category: c.category,
      title: c.title,
      summary: c.summary,
      method: c.method,
      state: result?.state ?? "not_assessed",
      naReason: result?.naReason ?? null,
      notes: result?.notes ?? null,
      deemedMet: state?.deemedMet ?? false,
      ready: state?.ready ?? false,
      evidence: (result?.evidence ?? []).map(snapshotEvidence),
    };
  });

  return {
    format: SNAPSHOT_FORMAT,
    takenAt: isoNow(deps),
    organisation: { id: org.id, name: org.name, corporateNumber: org.corporate_number },
    product: {
      id: product.id,
      name: product.name,
      category: product.category,
      description: product.description,
      connectivity: product.connectivity,
      supportEndDate: product.supportEndDate,
      modelNumbers: models.map((m) => m.modelNumber),
    },
    assessment: { id: view.id, updatedAt: view.updatedAt },
    catalog: {
      version: version.version,
      level: version.level,
      title: version.title,
      publishedOn: version.publishedOn,
    },
    route: view.route,
    criteria,
    deviceTests: deviceTestSummaries(criteria),
    readiness: { ready: ready.ready, counts: ready.counts, blockers: ready.blockers },
  };
}

function snapshotEvidence(e: Evidence): SnapshotEvidence {
  return {
    id: e.id,
    type: e.type === "document" ? "document" : "device_test",
    title: e.title,
    revision: e.revision,
    document: e.document ? { ...e.document } : null,
    deviceTest: e.deviceTest ? { ...e.deviceTest } : null,
    file: e.file ? { ...e.file } : null,
    deviceTestResult: e.deviceTestResult ? { ...e.deviceTestResult } : null,
  };
}

/** Each device-test record once, with the criteria it is linked to, in catalog order. */
function deviceTestSummaries(criteria: readonly SnapshotCriterion[]): DeviceTestSummary[] {
  const byId = new Map<string, DeviceTestSummary>();
  for (const c of criteria) {
    for (const e of c.evidence) {
      if (!e.deviceTest) continue;
      const seen = byId.get(e.id);
      if (seen) {
        seen.criteria.push(c.id);
        continue;
      }
      byId.set(e.id, {
        evidenceId: e.id,
        ...e.deviceTest,
        testKey: e.deviceTestResult?.key ?? null,
        verdict: e.deviceTestResult?.verdict ?? null,
        criteria: [c.id],
      });
    }
  }
  return [...byId.values()];
}
