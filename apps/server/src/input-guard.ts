import { assertNoNulInUrl, assertSafeJson } from "@jcstar/core";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.ts";

/** Refuses U+0000 anywhere in the URL (INPUT_NUL_CHARACTER) before any route reads a parameter. */
export function urlGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    assertNoNulInUrl(c.req.url);
    await next();
  };
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

/**
 * Checks every JSON request body once, before any route, schema or database sees it (assertSafeJson: nesting
 * depth, U+0000). The parsed body stays cached on the request, so the route's validator does not parse it again.
 * A body that does not parse is left to the validator (MALFORMED_JSON, as before).
 */
export function jsonBodyGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (
      c.req.method === "GET" ||
      c.req.method === "HEAD" ||
      !JSON_TYPE.test(c.req.header("content-type") ?? "")
    )
      return next();
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return next();
    }
    assertSafeJson(body);
    await next();
  };
}
