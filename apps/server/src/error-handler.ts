import { AppError, type ErrorCode, errorBody, isAppError, type Lang, pickLang } from "@jcstar/core";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./app-env.ts";

/** The caller's language: `?lang=` first, then Accept-Language, Japanese by default. */
export function requestLang(c: Context): Lang {
  const query = c.req.query("lang");
  if (query === "ja" || query === "en") return query;
  return pickLang(c.req.header("accept-language"));
}

function fromHttpException(error: HTTPException, c: Context<AppEnv>): AppError {
  const map: Record<number, ErrorCode> = {
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    404: "ROUTE_NOT_FOUND",
  };
  if (error.status === 400 && /json/i.test(error.message)) return new AppError("MALFORMED_JSON");
  const code = map[error.status];
  if (code === "PAYLOAD_TOO_LARGE") return new AppError(code, { limit: c.get("deps")?.maxJsonBytes ?? "?" });
  if (code === "UNSUPPORTED_MEDIA_TYPE") {
    return new AppError(code, {
      type: c.req.header("content-type") ?? "(none)",
      expected: "application/json",
    });
  }
  if (code) return new AppError(code);
  return new AppError(error.status >= 500 ? "INTERNAL" : "VALIDATION_FAILED");
}

/**
 * Turns any thrown error into the one error format. Unknown errors are logged with the request
 * and answered as INTERNAL without a stack trace.
 */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  const lang = requestLang(c);
  let appError: AppError;
  if (isAppError(error)) appError = error;
  else if (error instanceof HTTPException) appError = fromHttpException(error, c);
  else {
    console.error(`[jcstar] ${c.req.method} ${c.req.path} failed:`, error);
    appError = new AppError("INTERNAL");
  }
  if (appError.code === "LOCKED_OUT") c.header("Retry-After", String(appError.params.seconds ?? 60));
  return c.json(errorBody(appError, lang), appError.status as ContentfulStatusCode);
}
