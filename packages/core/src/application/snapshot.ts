import type { AssessmentView } from "../assessment/assessment.ts";
import { canonicalJson, sha256Hex } from "../audit/canonical-json.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";

/** What a ready application is frozen on: which assessment (or signed-off snapshot), and at which version. */
export type SignOffRef = { kind: "assessment" | "signed-snapshot"; id: string; version: string };

/**
 * HOOK (to be wired to the signed-off assessment snapshot of another branch): returns the signed-off snapshot
 * that the application points at, or throws when the assessment is not signed off. Until that feature lands,
 * a green readiness() is the gate (checked by the caller) and the assessment's id and version are recorded.
 */
export async function requireSignedSnapshot(
  _deps: Pick<CoreDeps, "db">,
  _ctx: RequestContext,
  assessment: AssessmentView,
): Promise<SignOffRef> {
  return { kind: "assessment", id: assessment.id, version: assessment.updatedAt };
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
