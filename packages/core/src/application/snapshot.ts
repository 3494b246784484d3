import type { AssessmentView } from "../assessment/assessment.ts";
import { canonicalJson, sha256Hex } from "../audit/canonical-json.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";
import type { Evidence } from "../evidence/evidence.ts";
import type { I18nText } from "../i18n/text.ts";
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
    evidence: SnapshotEvidenceRef[];
  }[];
};

/**
 * One evidence record as an application freezes it. Snapshots taken before the fields after `sha256` existed
 * lack them (readers fall back to `title`, and treat every record as its own test).
 */
export type SnapshotEvidenceRef = {
  id: string;
  title: string;
  revision: number;
  sha256: string | null;
  type?: "document" | "device_test";
  /** The title in ja and en when the server wrote it. */
  titles?: I18nText | null;
  /** Device tests filed from a run: which test (`probe` or `probe:service`) and its verdict. */
  testKey?: string | null;
  verdict?: string | null;
  testedOn?: string | null;
  fileName?: string | null;
};

function evidenceRef(e: Evidence): SnapshotEvidenceRef {
  return {
    id: e.id,
    title: e.title,
    revision: e.revision,
    sha256: e.file?.sha256 ?? null,
    type: e.type === "document" ? "document" : "device_test",
    titles: e.texts?.title ?? null,
    testKey: e.deviceTestResult?.key ?? null,
    verdict: e.deviceTestResult?.verdict ?? null,
    testedOn: e.deviceTest?.testedOn ?? null,
    fileName: e.file ? (e.file.originalName ?? null) : null,
  };
}

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
      evidence: r.evidence.map(evidenceRef),
    })),
  };
}

export function snapshotHash(snapshot: ApplicationSnapshot): string {
  return sha256Hex(canonicalJson(snapshot));
}
