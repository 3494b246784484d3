import { AppError } from "../errors/app-error.ts";
import type { Readiness } from "../readiness/readiness.ts";

/** NOT_READY (422) carrying every readiness blocker as a detail (`<criterionId>.<code>`). */
export function notReadyError(r: Readiness): AppError {
  return new AppError(
    "NOT_READY",
    { count: r.blockers.length },
    r.blockers.map((b) => ({ path: `${b.criterionId}.${b.code}`, message: b.message })),
  );
}
