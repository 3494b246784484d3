import type { RequestContext } from "../context/deps.ts";
import type { Blocker } from "./blocker.ts";
import { type LoadedReadiness, loadReadiness, type ReadinessDeps } from "./load-readiness-input.ts";
import { APPLICATION_BLOCKER_SCOPE, type Readiness } from "./readiness.ts";

/**
 * What the maker does next on a product: start the self-assessment, fix a criterion of it, complete the
 * application form, or — nothing blocking — sign off and build the package.
 */
export const NEXT_STEP_KINDS = ["start_assessment", "fix_criterion", "application_form", "sign_off"] as const;
export type NextStepKind = (typeof NEXT_STEP_KINDS)[number];

export type NextStep = {
  kind: NextStepKind;
  /** The product's newest assessment (null before one is started). */
  assessmentId: string | null;
  /** The first open blocker of the product's readiness, in the order readiness gives them (null when ready). */
  blocker: Blocker | null;
  openBlockers: number;
  counts: Readiness["counts"];
};

/** The next step from a loaded readiness (pure: the same blockers sign-off and the package enforce). */
export function nextStepOf(loaded: LoadedReadiness): NextStep {
  const { readiness } = loaded;
  const blocker = readiness.blockers[0] ?? null;
  const assessmentId = loaded.assessment?.id ?? null;
  const kind: NextStepKind = !assessmentId
    ? "start_assessment"
    : !blocker
      ? "sign_off"
      : blocker.criterionId === APPLICATION_BLOCKER_SCOPE
        ? "application_form"
        : "fix_criterion";
  return { kind, assessmentId, blocker, openBlockers: readiness.blockers.length, counts: readiness.counts };
}

/** The next step of a product, through the one readiness loader. */
export async function loadNextStep(deps: ReadinessDeps, ctx: RequestContext, productId: string) {
  return nextStepOf(await loadReadiness(deps, ctx, { productId }));
}
