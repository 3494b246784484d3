import type { I18nText, Lang } from "../i18n/text.ts";
import { format } from "../i18n/text.ts";
import { ERROR_MESSAGES } from "./error-messages.ts";

/**
 * Every error a user can see, by code. The HTTP status of each is fixed here, so that the
 * API, the CLI and the web app agree on what a code means.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  INPUT_TOO_DEEP: 400,
  INPUT_NUL_CHARACTER: 400,
  INVALID_CSV: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  UNKNOWN_CATALOG_VERSION: 404,
  UNKNOWN_CRITERION: 404,
  ALREADY_EXISTS: 409,
  VERSION_CONFLICT: 409,
  IN_USE: 409,
  NA_NOT_ALLOWED: 422,
  NA_WITHOUT_REASON: 422,
  MISSING_DOCUMENT_EVIDENCE: 422,
  MISSING_DEVICE_EVIDENCE: 422,
  EVIDENCE_INCOMPLETE: 422,
  INVALID_MIGRATION: 422,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOTP_REQUIRED: 401,
  TOTP_INVALID: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  TOTP_SETUP_REQUIRED: 403,
  SESSION_REQUIRED: 403,
  NO_ORGANISATION: 403,
  SETUP_TOKEN_INVALID: 403,
  SETUP_DONE: 409,
  WEAK_PASSWORD: 400,
  TOKEN_INVALID: 400,
  PUBLIC_URL_NOT_SET: 409,
  LOCKED_OUT: 429,
  RETENTION_ACTIVE: 409,
  EVIDENCE_DELETED: 410,
  STORAGE_FULL: 507,
  INVALID_BUNDLE: 422,
  BUNDLE_KEY_UNTRUSTED: 422,
  TRUSTED_KEY_INVALID: 400,
  DEVICE_PROFILE_INVALID: 422,
  DEVICE_TARGET_NOT_ALLOWED: 422,
  DEVICE_SECRET_MISSING: 422,
  DEVICE_TARGET_PLATFORM: 422,
  DEVICE_ALLOWLIST_EMPTY: 422,
  SECURITY_TXT_EXPIRES_INVALID: 422,
  PDF_FONT_MISSING: 503,
  DOCUMENT_INPUTS_INCOMPLETE: 422,
  SECURITY_TXT_INVALID: 422,
  INVALID_WORKBOOK: 422,
  CHECKLIST_IDS_MISMATCH: 422,
  INVALID_TRANSITION: 409,
  STEP_INCOMPLETE: 422,
  APPLICATION_NOT_READY: 422,
  REGISTRY_DISABLED: 409,
  LABEL_REVOKED: 409,
  EXTENSION_NOT_ALLOWED: 409,
  LABEL_PRODUCT_NOT_SUBMITTED: 409,
  OPERATOR_CONFLICT_OF_INTEREST: 403,
  VULN_DATA_REFUSED: 422,
  SBOM_REFUSED: 422,
  SCANNER_REPORT_REFUSED: 422,
  NOT_READY: 422,
  NO_SIGNOFF: 422,
  SIGNOFF_STALE: 422,
  SNAPSHOT_TAMPERED: 500,
  PACKAGE_FILE_MISMATCH: 422,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One problem with one input field; `path` is dotted (`connectivity.interfaces.0`). */
export type ErrorDetail = { path: string; message: I18nText };

/** The one error type of jcstar. `params` fill the `{placeholders}` of the code's message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  readonly details: ErrorDetail[];
  /** Extra fields of the error object in the answer, e.g. `current` (the record as it is now) of VERSION_CONFLICT. */
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    params: Record<string, string | number> = {},
    details: ErrorDetail[] = [],
    options?: { cause?: unknown; extra?: Record<string, unknown> },
  ) {
    super(`${code}: ${format(ERROR_MESSAGES[code].en, params)}`, options);
    this.name = "AppError";
    this.code = code;
    this.params = params;
    this.details = details;
    this.extra = options?.extra;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** The user-facing message in one language. */
  messageIn(lang: Lang): string {
    return format(ERROR_MESSAGES[this.code][lang], this.params);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * The JSON body every API error has: `{ error: { code, message, details: [{ path, message }] } }`, plus the
 * error's extra fields (a VERSION_CONFLICT of a criterion result carries `current`).
 */
export function errorBody(error: AppError, lang: Lang) {
  return {
    error: {
      ...error.extra,
      code: error.code,
      message: error.messageIn(lang),
      details: error.details.map((d) => ({ path: d.path, message: d.message[lang] })),
    },
  };
}
