import { getConnInfo } from "@hono/node-server/conninfo";
import {
  AppError,
  clientAddress,
  getUser,
  peerIsTrustedProxy,
  resolveApiToken,
  resolveSession,
} from "@jcstar/core";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppDeps, AppEnv, Caller } from "../app-env.ts";
import { requestLang } from "../error-handler.ts";

export const SESSION_COOKIE = "jcstar_session";

/** The socket peer's address (null for an in-process `app.request()`). */
function socketPeer(c: Context<AppEnv>): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/** The client's address for this request: core's clientAddress() over the socket peer and X-Forwarded-For. */
export function requestClientAddress(c: Context<AppEnv>): string | null {
  return clientAddress(
    { peer: socketPeer(c), forwardedFor: c.req.header("x-forwarded-for") },
    c.get("deps").proxyTrust,
  );
}

/** Whether the client used HTTPS: the URL's scheme, or X-Forwarded-Proto when the peer is a trusted proxy. */
export function requestIsHttps(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  if (!peerIsTrustedProxy(socketPeer(c), c.get("deps").proxyTrust)) return false;
  // Each proxy may append its own scheme: the right-most is the one of the proxy that talks to us.
  const proto = c.req.header("x-forwarded-proto")?.split(",").pop()?.trim().toLowerCase();
  return proto === "https";
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
