import { createRoute, z } from "@hono/zod-openapi";
import {
  beginTotpWithPassword,
  changePassword,
  completeSetup,
  createApiToken,
  deleteSession,
  enableTotp,
  listApiTokens,
  login,
  loginSchema,
  membershipsOf,
  needsSetup,
  passwordChangeSchema,
  passwordSchema,
  reauthenticate,
  reauthSchema,
  requiresTotp,
  resetPassword,
  resetSchema,
  revokeApiToken,
  setupSchema,
  tokenCreateSchema,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { requestClientAddress } from "../auth/authenticate.ts";
import { clearSessionCookie, startSession } from "../auth/session-cookie.ts";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../schemas.ts";
import { meSchema, tokenSchema, userSchema } from "../schemas-auth.ts";
import { signedInUser } from "./caller.ts";
import { recoveryCodesAnswer } from "./recovery-codes.ts";

const r = {
  setupStatus: createRoute({
    method: "get",
    path: "/api/setup",
    tags: ["auth"],
    summary: "Whether first-run set-up is pending / 初期設定が必要か",
    responses: { 200: jsonResponse(z.object({ needsSetup: z.boolean() }), "Set-up state") },
  }),
  setup: createRoute({
    method: "post",
    path: "/api/setup",
    tags: ["auth"],
    summary: "Create the first admin with the printed setup token / 初期管理者の作成",
    request: { body: jsonBody(setupSchema) },
    responses: {
      201: jsonResponse(z.object({ user: userSchema }), "Created and signed in"),
      ...errorResponses(400, 403, 409, 415),
    },
  }),
  login: createRoute({
    method: "post",
    path: "/api/auth/login",
    tags: ["auth"],
    summary: "Sign in (brute-force protected) / サインイン",
    request: { body: jsonBody(loginSchema) },
    responses: {
      200: jsonResponse(z.object({ user: userSchema }), "Signed in"),
      ...errorResponses(400, 401, 403, 415, 429),
    },
  }),
  logout: createRoute({
    method: "post",
    path: "/api/auth/logout",
    tags: ["auth"],
    summary: "Sign out / サインアウト",
    responses: { 204: { description: "Signed out" } },
  }),
  me: createRoute({
    method: "get",
    path: "/api/auth/me",
    tags: ["auth"],
    summary: "The signed-in user, memberships and CSRF token / ログイン中のユーザー",
    responses: { 200: jsonResponse(meSchema, "Me"), ...errorResponses(401) },
  }),
  totpSetup: createRoute({
    method: "post",
    path: "/api/auth/totp/setup",
    tags: ["auth"],
    summary: "Start TOTP enrolment (browser session + current password) / 二要素認証の登録開始",
    request: { body: jsonBody(reauthSchema) },
    responses: {
      200: jsonResponse(z.object({ secret: z.string(), otpauthUri: z.string() }), "New secret"),
      ...errorResponses(400, 401, 403, 409, 429),
    },
  }),
  totpEnable: createRoute({
    method: "post",
    path: "/api/auth/totp/enable",
    tags: ["auth"],
    summary: "Confirm TOTP with a code / 二要素認証の有効化",
    request: {
      body: jsonBody(
        z
          .object({ code: z.string().trim().min(6).max(10), currentPassword: passwordSchema.optional() })
          .strict(),
      ),
    },
    responses: {
      200: jsonResponse(recoveryCodesAnswer, "Enabled, with the first ten recovery codes"),
      ...errorResponses(400, 401, 403, 409, 429),
    },
  }),
  password: createRoute({
    method: "post",
    path: "/api/auth/password",
    tags: ["auth"],
    summary: "Change my password (browser session + current password) / パスワード変更",
    request: { body: jsonBody(passwordChangeSchema) },
    responses: {
      204: { description: "Changed; every other session and every API token is revoked" },
      ...errorResponses(400, 401, 403, 429),
    },
  }),
  tokens: createRoute({
    method: "get",
    path: "/api/auth/tokens",
    tags: ["auth"],
    summary: "My API tokens / APIトークン",
    responses: { 200: jsonResponse(z.array(tokenSchema), "Live tokens"), ...errorResponses(401) },
  }),
  createToken: createRoute({
    method: "post",
    path: "/api/auth/tokens",
    tags: ["auth"],
    summary: "Create an API token (shown once) / APIトークンの発行",
    request: { body: jsonBody(tokenCreateSchema) },
    responses: {
      201: jsonResponse(tokenSchema.extend({ token: z.string() }), "Created"),
      ...errorResponses(400, 401, 403),
    },
  }),
  revokeToken: createRoute({
    method: "delete",
    path: "/api/auth/tokens/{tokenId}",
    tags: ["auth"],
    summary: "Revoke an API token / APIトークンの失効",
    request: { params: idParam("tokenId") },
    responses: { 204: { description: "Revoked" }, ...errorResponses(401, 403, 404) },
  }),
  reset: createRoute({
    method: "post",
    path: "/api/auth/password-reset",
    tags: ["auth"],
    summary: "Set a new password with a reset link / パスワード再設定",
    request: { body: jsonBody(resetSchema) },
    responses: {
      204: { description: "Password set; every session and API token is revoked" },
      ...errorResponses(400, 403, 415),
    },
  }),
};

export function registerAuth(app: App): void {
  app.openapi(r.setupStatus, async (c) => c.json({ needsSetup: await needsSetup(c.get("deps").db) }, 200));
  app.openapi(r.setup, async (c) => {
    const deps = c.get("deps");
    const user = await completeSetup(deps.db, c.req.valid("json"), deps.now());
    await startSession(c, user.id);
    return c.json({ user }, 201);
  });
  app.openapi(r.login, async (c) => {
    const deps = c.get("deps");
    const user = await login(deps, c.req.valid("json"), requestClientAddress(c));
    await startSession(c, user.id);
    return c.json({ user }, 200);
  });
  app.openapi(r.logout, async (c) => {
    const caller = c.get("caller");
    if (caller.kind === "user" && caller.sessionId) await deleteSession(c.get("deps").db, caller.sessionId);
    clearSessionCookie(c);
    return c.body(null, 204);
  });
  app.openapi(r.me, async (c) => {
    const caller = c.get("caller");
    const user = signedInUser(c);
    const memberships = await membershipsOf(c.get("deps").db, user.id);
    const wanted = c.req.header("x-jcstar-org");
    const current = memberships.find((m) => m.orgId === wanted) ?? memberships[0];
    return c.json(
      {
        user,
        memberships,
        orgId: current?.orgId ?? null,
        csrfToken: caller.kind === "user" ? caller.csrfToken : null,
        totpSetupRequired: requiresTotp(user.instanceRole) && !user.totpEnabled,
      },
      200,
    );
  });
  app.openapi(r.totpSetup, async (c) => {
    const deps = c.get("deps");
    const address = requestClientAddress(c);
    return c.json(await beginTotpWithPassword(deps, signedInUser(c).id, c.req.valid("json"), address), 200);
  });
  app.openapi(r.totpEnable, async (c) => {
    const deps = c.get("deps");
    const { code, currentPassword } = c.req.valid("json");
    const userId = signedInUser(c).id;
    // The password was checked when the enrolment started; a client may send it again (checked the same way).
    if (currentPassword) await reauthenticate(deps, userId, { currentPassword }, requestClientAddress(c));
    return c.json(await enableTotp(deps, userId, code), 200);
  });
  app.openapi(r.password, async (c) => {
    const deps = c.get("deps");
    const user = signedInUser(c);
    await changePassword(deps, user.id, c.req.valid("json"), requestClientAddress(c));
    // Every session ended with the old password; this browser gets a fresh one (rotated).
    await startSession(c, user.id);
    return c.body(null, 204);
  });
  app.openapi(r.tokens, async (c) => c.json(await listApiTokens(c.get("deps").db, signedInUser(c).id), 200));
  app.openapi(r.createToken, async (c) => {
    const deps = c.get("deps");
    return c.json(await createApiToken(deps.db, signedInUser(c).id, c.req.valid("json"), deps.now()), 201);
  });
  app.openapi(r.revokeToken, async (c) => {
    const deps = c.get("deps");
    await revokeApiToken(deps.db, signedInUser(c).id, c.req.valid("param").tokenId, deps.now());
    return c.body(null, 204);
  });
  app.openapi(r.reset, async (c) => {
    const deps = c.get("deps");
    await resetPassword(deps.db, c.req.valid("json"), deps.now());
    return c.body(null, 204);
  });
}
