import { timingSafeEqual } from "node:crypto";
import { AppError, membershipsOf, orgRoleAtLeast, requiresTotp } from "@jcstar/core";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../app-env.ts";
import { NO_TOKEN, ORIGIN_CHECKED, ROUTE_POLICY } from "./route-policy.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A browser's Origin must be this server's own; requests without Origin (CLI, curl) pass. */
function checkOrigin(c: Context<AppEnv>): void {
  const origin = c.req.header("origin");
  if (!origin) return;
  const own = new URL(c.req.url);
  const host = c.req.header("host") ?? own.host;
  let given: URL;
  try {
    given = new URL(origin);
  } catch {
    throw new AppError("CSRF_FAILED");
  }
  if (given.host !== host) throw new AppError("CSRF_FAILED");
}

/**
 * Enforces the route → role matrix of route-policy.ts on every matched /api route, CSRF on
 * cookie-authenticated writes, read-only API tokens, session-only routes (SESSION_REQUIRED for a token), the second factor for admins and operators,
 * and sets the organisation context (header X-Jcstar-Org, default the first membership).
 */
export function authorize(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // The first matched route that is not middleware is the one that will answer.
    const path = matchedRoutes(c).find((route) => route.method !== "ALL")?.path;
    if (!path || path === "*" || path === "/api/*") return next(); // no API route: the not-found handler answers
    const key = `${c.req.method} ${path}`;
    const policy = ROUTE_POLICY[key] ?? (c.req.method === "HEAD" ? ROUTE_POLICY[`GET ${path}`] : undefined);
    if (!policy) {
      console.error(`[jcstar] route ${key} has no access policy; refusing`);
      throw new AppError("FORBIDDEN");
    }
    const caller = c.get("caller");
    const unsafe = !SAFE_METHODS.has(c.req.method);
    if (unsafe && ORIGIN_CHECKED.has(key)) checkOrigin(c);
    else if (unsafe && caller.kind === "user" && caller.via === "session") {
      const sent = c.req.header("x-csrf-token") ?? "";
      if (!caller.csrfToken || !sameText(sent, caller.csrfToken)) throw new AppError("CSRF_FAILED");
    }
    const viaToken = caller.kind === "user" && caller.via === "token";
    // A token stays a token: it never opens a session, changes the password or enrols a second factor.
    if (viaToken && (policy.kind === "session" || NO_TOKEN.has(key))) throw new AppError("SESSION_REQUIRED");
    if (policy.kind === "public") return next();
    if (caller.kind !== "user") throw new AppError("UNAUTHENTICATED");
    if (caller.via === "token" && caller.tokenScope === "read" && unsafe) throw new AppError("FORBIDDEN");
    if (policy.kind === "user" || policy.kind === "session") return next();
    if (requiresTotp(caller.user.instanceRole) && !caller.user.totpEnabled)
      throw new AppError("TOTP_SETUP_REQUIRED");
    if (policy.kind === "instance") {
      if (caller.via === "token" || caller.user.instanceRole !== policy.role) throw new AppError("FORBIDDEN");
      return next();
    }
    const memberships = await membershipsOf(c.get("deps").db, caller.user.id);
    // Links a browser follows (file previews, downloads, bundles) cannot send a header: GETs may name it as ?org=.
    const wanted =
      c.req.header("x-jcstar-org") ?? (SAFE_METHODS.has(c.req.method) ? c.req.query("org") : undefined);
    const membership = wanted ? memberships.find((m) => m.orgId === wanted) : memberships[0];
    if (!membership) throw new AppError("NO_ORGANISATION", { orgId: wanted ?? "-" });
    if (!orgRoleAtLeast(membership.role, policy.role)) throw new AppError("FORBIDDEN");
    c.set("orgRole", membership.role);
    c.set("ctx", {
      orgId: membership.orgId,
      actor: { id: caller.user.id, name: caller.user.name },
      lang: c.get("lang"),
    });
    return next();
  };
}
