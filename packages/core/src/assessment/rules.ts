import type { Criterion } from "../catalog/criterion.ts";
import type { Evidence } from "../evidence/evidence.ts";
import type { CriterionState } from "./criterion-state.ts";

/** A broken rule of one criterion result. The codes are shared with readiness blockers and API errors. */
export type RuleViolation =
  | { code: "NA_NOT_ALLOWED" }
  | { code: "NA_WITHOUT_REASON" }
  | { code: "MISSING_DOCUMENT_EVIDENCE" }
  | { code: "MISSING_DEVICE_EVIDENCE" };

export type ResultInput = { state: CriterionState; naReason: string | null };

function hasValue(value: string | null | undefined): boolean {
  return typeof value === "string" && value.trim().length > 0;
}

/**
 * True when a document reference carries every field the criterion requires.
 * The scheme asks where the basis is written "by page, chapter or URL", so a URL stands in for a location.
 */
export function documentEvidenceComplete(criterion: Criterion, evidence: Evidence): boolean {
  const doc = evidence.document;
  if (!doc) return false;
  return (criterion.evidence.document ?? [])
    .filter((f) => f.required)
    .every((f) => {
      if (f.field === "location") return hasValue(doc.location) || hasValue(doc.url);
      return hasValue((doc as Record<string, string | null>)[f.field]);
    });
}

/** True when a device-test record carries every field the criterion requires. */
export function deviceEvidenceComplete(criterion: Criterion, evidence: Evidence): boolean {
  const record = evidence.deviceTest;
  if (!record) return false;
  return (criterion.evidence.device ?? [])
    .filter((f) => f.required)
    .every((f) => hasValue((record as Record<string, string>)[f.field]));
}

/**
 * The rules of one result, as a pure function:
 * N/A only where the catalog allows it and with a reason; `conformant` only with the evidence the
 * criterion's method needs (document references for `document`, device-test records for `device`,
 * both for `both`). Returns every violation; an empty list means the result is consistent.
 */
export function checkResult(
  criterion: Criterion,
  result: ResultInput,
  evidence: readonly Evidence[],
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (result.state === "not_applicable") {
    if (!criterion.notApplicable) violations.push({ code: "NA_NOT_ALLOWED" });
    else if (!hasValue(result.naReason)) violations.push({ code: "NA_WITHOUT_REASON" });
  }
  if (result.state === "conformant") {
    if (criterion.method !== "device" && !evidence.some((e) => documentEvidenceComplete(criterion, e))) {
      violations.push({ code: "MISSING_DOCUMENT_EVIDENCE" });
    }
    if (criterion.method !== "document" && !evidence.some((e) => deviceEvidenceComplete(criterion, e))) {
      violations.push({ code: "MISSING_DEVICE_EVIDENCE" });
    }
  }
  return violations;
}
