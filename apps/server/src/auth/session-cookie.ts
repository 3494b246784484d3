import { createSession } from "@jcstar/core";
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../app-env.ts";
import { requestClientAddress, requestIsHttps, SESSION_COOKIE } from "./authenticate.ts";

/** Opens a session for the user and sets its HttpOnly, SameSite=Lax cookie (Secure under TLS). */
export async function startSession(c: Context<AppEnv>, userId: string): Promise<void> {
  const deps = c.get("deps");
  const { cookie } = await createSession(
    deps.db,
    deps.authPolicy,
    userId,
    { ip: requestClientAddress(c), userAgent: c.req.header("user-agent") ?? null },
    deps.now(),
  );
  setCookie(c, SESSION_COOKIE, cookie, {
    httpOnly: true,
    sameSite: "Lax",
    secure: requestIsHttps(c),
    path: "/",
    maxAge: deps.authPolicy.sessionAbsoluteHours * 3600,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: requestIsHttps(c) });
}
