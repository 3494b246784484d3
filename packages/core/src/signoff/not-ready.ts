import { AppError } from "../errors/app-error.ts";
import type { Readiness } from "../readiness/readiness.ts";

/**
 * NOT_READY (422; APPLICATION_NOT_READY for an application's step) carrying every readiness blocker as a detail
 * (`<criterionId>.<code>`), so each refusal names the same blockers the readiness view shows.
 */
export function notReadyError(
  r: Readiness,
  code: "NOT_READY" | "APPLICATION_NOT_READY" = "NOT_READY",
): AppError {
  return new AppError(
    code,
    { count: r.blockers.length },
    r.blockers.map((b) => ({ path: `${b.criterionId}.${b.code}`, message: b.message })),
  );
}
