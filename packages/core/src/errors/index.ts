export type { ErrorCode, ErrorDetail } from "./app-error.ts";
export { AppError, ERROR_STATUS, errorBody, isAppError } from "./app-error.ts";
export { ERROR_MESSAGES } from "./error-messages.ts";
export {
  assertNoNulInDocument,
  assertNoNulInUrl,
  assertSafeJson,
  MAX_DOCUMENT_DEPTH,
  MAX_INPUT_DEPTH,
} from "./input-guard.ts";
export { parseOrThrow, validationError, zodDetails } from "./zod-details.ts";
