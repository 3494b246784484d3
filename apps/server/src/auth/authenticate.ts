import { getConnInfo } from "@hono/node-server/conninfo";
import { AppError, getUser, resolveApiToken, resolveSession } from "@jcstar/core";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppDeps, AppEnv, Caller } from "../app-env.ts";
import { requestLang } from "../error-handler.ts";

export const SESSION_COOKIE = "jcstar_session";

/** The client's address: the socket's, or the first X-Forwarded-For entry behind a trusted proxy. */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

async function findCaller(c: Context<AppEnv>, deps: AppDeps): Promise<Caller> {
  const now = deps.now();
  const authorization = c.req.header("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const resolved = match?.[1] ? await resolveApiToken(deps.db, match[1], now) : null;
    if (!resolved) throw new AppError("UNAUTHENTICATED");
    const user = await getUser(deps.db, resolved.userId);
    return { kind: "user", user, via: "token", sessionId: null, csrfToken: null, tokenScope: resolved.scope };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) {
    const session = await resolveSession(deps.db, deps.authPolicy, cookie, now);
    if (session) {
      const user = await getUser(deps.db, session.userId);
      return {
        kind: "user",
        user,
        via: "session",
        sessionId: session.id,
        csrfToken: session.csrfToken,
        tokenScope: null,
      };
    }
  }
  return { kind: "anonymous" };
}

/** Finds out who calls (API token or session cookie) and in which language; never refuses by itself. */
export function authenticate(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("deps", deps);
    c.set("lang", requestLang(c));
    const caller = await findCaller(c, deps);
    c.set("caller", caller);
    c.set("instanceRole", caller.kind === "user" ? caller.user.instanceRole : "none");
    c.set("orgRole", null);
    await next();
  };
}
