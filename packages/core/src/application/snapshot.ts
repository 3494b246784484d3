import type { AssessmentView } from "../assessment/assessment.ts";
import { canonicalJson, sha256Hex } from "../audit/canonical-json.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";
import { signoffStatus } from "../signoff/signoff.ts";

/** What a ready application is frozen on: which assessment (or signed-off snapshot), and at which version. */
export type SignOffRef = { kind: "assessment" | "signed-snapshot"; id: string; version: string };

/**
 * The owner's sign-off the application stands on: the product's sign-off in force must be of this assessment
 * and route, and the assessment must not have changed since it was signed (NO_SIGNOFF / SIGNOFF_STALE
 * otherwise). The self-declaration is a legal statement: an application is never made ready without it.
 */
export async function requireSignedSnapshot(
  deps: Pick<CoreDeps, "db" | "catalog" | "now">,
  ctx: RequestContext,
  assessment: AssessmentView,
): Promise<SignOffRef> {
  const status = await signoffStatus(deps, ctx, assessment.productId);
  const current = status.current;
  if (!current) throw new AppError("NO_SIGNOFF");
  if (
    current.assessmentId !== assessment.id ||
    current.route !== assessment.route ||
    status.changedSinceSignOff
  )
    throw new AppError("SIGNOFF_STALE", { signedAt: current.signedAt });
  return { kind: "signed-snapshot", id: current.id, version: current.snapshotSha256 };
}

/** The frozen checklist of an application: never edited after it is taken (a new one replaces it on re-ready). */
export type ApplicationSnapshot = {
  takenAt: string;
  signOff: SignOffRef;
  catalogVersion: string;
  route: string;
  product: { id: string; name: string };
  modelNumbers: string[];
  readiness: { ready: boolean; counts: AssessmentView["readiness"]["counts"] };
  results: {
    criterionId: string;
    state: string;
    deemedMet: boolean;
    naReason: string | null;
    evidence: { id: string; title: string; revision: number; sha256: string | null }[];
  }[];
};

export function buildSnapshot(
  assessment: AssessmentView,
  product: { id: string; name: string },
  modelNumbers: string[],
  signOff: SignOffRef,
  takenAt: string,
): ApplicationSnapshot {
  const deemed = new Map(assessment.readiness.criteria.map((c) => [c.criterionId, c.deemedMet]));
  return {
    takenAt,
    signOff,
    catalogVersion: assessment.catalogVersion,
    route: assessment.route,
    product,
    modelNumbers,
    readiness: { ready: assessment.readiness.ready, counts: assessment.readiness.counts },
    results: assessment.results.map((r) => ({
      criterionId: r.criterionId,
      state: r.state,
      deemedMet: deemed.get(r.criterionId) ?? false,
      naReason: r.naReason,
      evidence: r.evidence.map((e) => ({
        id: e.id,
        title: e.title,
        revision: e.revision,
        sha256: e.file?.sha256 ?? null,
      })),
    })),
  };
}

export function snapshotHash(snapshot: ApplicationSnapshot): string {
  return sha256Hex(canonicalJson(snapshot));
}
