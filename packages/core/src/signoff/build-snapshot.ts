import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { isoNow } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";
import type { Evidence } from "../evidence/evidence.ts";
import { listModelNumbers } from "../product/model-numbers.ts";
import type { Route } from "../product/product.schema.ts";
import { getProduct } from "../product/product.ts";
import { type LoadedReadiness, loadReadiness } from "../readiness/load-readiness-input.ts";
import {
  type AssessmentSnapshot,
  type DeviceTestSummary,
  SNAPSHOT_FORMAT,
  type SnapshotCriterion,
  type SnapshotEvidence,
} from "./snapshot.ts";

export type SnapshotOptions = {
  route?: Route;
  /** The product's readiness already loaded (by `loadReadiness({ productId })`); default: loaded here. */
  loaded?: LoadedReadiness;
};

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
  const loaded = options.loaded ?? (await loadReadiness(deps, ctx, { productId }, { route: options.route }));
  const view = loaded.assessment;
  if (!view || loaded.productId !== productId)
    throw new AppError("NOT_FOUND", {
      entity: ctx.lang === "ja" ? "自己適合評価" : "Assessment",
      id: view?.id ?? productId,
    });
  const ready = loaded.readiness;
  const models = await listModelNumbers(deps, ctx, productId);
  const org = await deps.db
    .selectFrom("organisations")
    .select(["id", "name", "corporate_number"])
    .where("id", "=", ctx.orgId)
    .executeTakeFirstOrThrow();
  const version = deps.catalog.get(view.catalogVersion);
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
