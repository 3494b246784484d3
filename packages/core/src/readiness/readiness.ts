import type { CriterionState } from "../assessment/criterion-state.ts";
import { checkResult } from "../assessment/rules.ts";
import type { CatalogVersion, Criterion, EvaluationMethod } from "../catalog/criterion.ts";
import type { Evidence } from "../evidence/evidence.ts";
import type { I18nText } from "../i18n/text.ts";
import type { Route } from "../product/product.schema.ts";
import { VULN_SCAN_CRITERION } from "../vuln/criterion.ts";
import { type Blocker, type BlockerCode, blocker } from "./blocker.ts";

/** What readiness needs to know of one criterion's result. Later features add fields here. */
export type ReadinessResult = {
  criterionId: string;
  state: CriterionState;
  naReason: string | null;
  needsReview: boolean;
  evidence: readonly Evidence[];
};

/**
 * Everything readiness decides on. Every field is required, so that no caller can leave an input out;
 * `loadReadinessInput()` (./load-readiness-input.ts) is the one place that gathers them.
 */
export type ReadinessInput = {
  catalog: CatalogVersion;
  route: Route;
  /** Each result with its evidence: references, device-test verdicts and the last verification outcome. */
  results: readonly ReadinessResult[];
  /** Unresolved findings at or above the threshold in the product's latest scanned release (vuln/); null: none scanned. */
  vulnerabilities: { blocking: number; releaseVersion: string } | null;
  /** The application form's required items still empty (field id and label). */
  application: { missing: readonly { field: string; label: I18nText }[] };
};

/** Criterion id given to blockers that belong to the application form rather than to a criterion. */
export const APPLICATION_BLOCKER_SCOPE = "application";

/** A rule that can block one criterion. Every feature that can block an application adds one. */
export type BlockerRule = (args: {
  criterion: Criterion;
  result: ReadinessResult;
  input: ReadinessInput;
}) => BlockerCode[];

/** The rules of the spine: state, N/A, evidence by method, review after a checklist change. */
export const SPINE_RULES: readonly BlockerRule[] = [
  ({ result }) => (result.state === "not_assessed" ? ["NOT_ASSESSED"] : []),
  ({ result }) => (result.state === "non_conformant" ? ["NON_CONFORMANT"] : []),
  ({ criterion, result }) => checkResult(criterion, result, result.evidence).map((v) => v.code),
  ({ result }) => (result.needsReview ? ["NEEDS_REVIEW"] : []),
  ({ result }) =>
    result.evidence.some((e) => e.verification?.ok === false) ? ["EVIDENCE_VERIFICATION_FAILED"] : [],
  ({ result }) =>
    latestDeviceTests(result.evidence).some((v) => v === "FAIL" || v === "ERROR")
      ? ["DEVICE_TEST_FAILED"]
      : [],
  ({ criterion, input }) =>
    criterion.id === VULN_SCAN_CRITERION && (input.vulnerabilities?.blocking ?? 0) > 0
      ? ["UNRESOLVED_VULNERABILITY"]
      : [],
];

/** The verdict of the newest run of each device test (probe:service) among the evidence. */
export function latestDeviceTests(evidence: readonly Evidence[]): string[] {
  const latest = new Map<string, { at: string; verdict: string }>();
  for (const e of evidence) {
    if (!e.deviceTestResult) continue;
    const seen = latest.get(e.deviceTestResult.key);
    if (!seen || e.createdAt > seen.at)
      latest.set(e.deviceTestResult.key, { at: e.createdAt, verdict: e.deviceTestResult.verdict });
  }
  return [...latest.values()].map((v) => v.verdict);
}

export type CriterionReadiness = {
  criterionId: string;
  title: I18nText;
  method: EvaluationMethod;
  state: CriterionState;
  /** True on the UK PSTI route for criteria that route deems met (S1.1-02, -05, -16). */
  deemedMet: boolean;
  ready: boolean;
  blockers: Blocker[];
};

export type Readiness = {
  ready: boolean;
  catalogVersion: string;
  route: Route;
  counts: { total: number; ready: number; blocked: number; deemedMet: number };
  criteria: CriterionReadiness[];
  /** Every blocker of every criterion, in catalog order. */
  blockers: Blocker[];
};

/**
 * The readiness gate: the one function that decides whether a product may apply. Pure; its one caller outside
 * tests is `loadReadiness()` (./load-readiness-input.ts), which gathers the input.
 * A criterion is ready when no rule blocks it (or the route deems it met); the product is ready
 * only when every criterion of the checklist version is. A criterion without a result is NOT_ASSESSED.
 */
export function readiness(input: ReadinessInput, rules: readonly BlockerRule[] = SPINE_RULES): Readiness {
  const byId = new Map(input.results.map((r) => [r.criterionId, r]));
  const criteria = input.catalog.criteria.map((criterion): CriterionReadiness => {
    const result = byId.get(criterion.id) ?? {
      criterionId: criterion.id,
      state: "not_assessed" as const,
      naReason: null,
      needsReview: false,
      evidence: [],
    };
    const deemedMet = input.route === "psti" && criterion.crosswalk.ukPstiDeemedMet;
    const codes = deemedMet ? [] : [...new Set(rules.flatMap((rule) => rule({ criterion, result, input })))];
    const blockers = codes.map((code) => blocker(code, criterion.id));
    return {
      criterionId: criterion.id,
      title: criterion.title,
      method: criterion.method,
      state: result.state,
      deemedMet,
      ready: blockers.length === 0,
      blockers,
    };
  });
  const blocked = criteria.filter((c) => !c.ready).length;
  const applicationBlockers = input.application.missing.map((m) =>
    blocker("APPLICATION_FIELD_MISSING", APPLICATION_BLOCKER_SCOPE, { field: m.label }),
  );
  return {
    ready: blocked === 0 && applicationBlockers.length === 0,
    catalogVersion: input.catalog.version,
    route: input.route,
    counts: {
      total: criteria.length,
      ready: criteria.length - blocked,
      blocked,
      deemedMet: criteria.filter((c) => c.deemedMet).length,
    },
    criteria,
    blockers: [...criteria.flatMap((c) => c.blockers), ...applicationBlockers],
  };
}
