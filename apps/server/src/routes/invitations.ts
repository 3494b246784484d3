import { createRoute, z } from "@hono/zod-openapi";
import {
  acceptInvitation,
  acceptSchema,
  describeInvitation,
  emailSchema,
  ORG_ROLES,
  requestPasswordReset,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { requestClientAddress } from "../auth/authenticate.ts";
import { startSession } from "../auth/session-cookie.ts";
import { errorResponses, jsonBody, jsonResponse } from "../schemas.ts";
import { userSchema } from "../schemas-auth.ts";

const r = {
  describe: createRoute({
    method: "get",
    path: "/api/invitations/{token}",
    tags: ["auth"],
    summary: "What an invitation is for / 招待内容",
    request: {
      params: z.object({
        token: z
          .string()
          .min(1)
          .max(200)
          .openapi({ param: { name: "token", in: "path" } }),
      }),
    },
    responses: {
      200: jsonResponse(
        z.object({ email: z.string(), role: z.enum(ORG_ROLES), orgName: z.string(), expiresAt: z.string() }),
        "The invitation",
      ),
      ...errorResponses(400),
    },
  }),
  accept: createRoute({
    method: "post",
    path: "/api/invitations/accept",
    tags: ["auth"],
    summary: "Accept an invitation / 招待の承諾",
    request: { body: jsonBody(acceptSchema) },
    responses: {
      201: jsonResponse(z.object({ user: userSchema }), "Member, signed in"),
      ...errorResponses(400, 401, 403, 409, 415),
    },
  }),
  requestReset: createRoute({
    method: "post",
    path: "/api/auth/password-reset/request",
    tags: ["auth"],
    summary: "Ask for a password-reset e-mail / パスワード再設定メールの依頼",
    request: { body: jsonBody(z.object({ email: emailSchema }).strict()) },
    responses: {
      202: jsonResponse(
        z.object({ accepted: z.literal(true) }),
        "Accepted (same answer for unknown addresses)",
      ),
      ...errorResponses(400, 403, 415),
    },
  }),
};

export function registerInvitations(app: App): void {
  app.openapi(r.describe, async (c) => {
    const deps = c.get("deps");
    return c.json(await describeInvitation(deps.db, c.req.valid("param").token, deps.now()), 200);
  });
  app.openapi(r.accept, async (c) => {
    const deps = c.get("deps");
    const caller = c.get("caller");
    const user = await acceptInvitation(
      deps.db,
      c.req.valid("json"),
      caller.kind === "user" ? caller.user : null,
      deps.now(),
    );
    if (caller.kind !== "user") await startSession(c, user.id);
    return c.json({ user }, 201);
  });
  app.openapi(r.requestReset, async (c) => {
    const deps = c.get("deps");
    // The same work and answer for every address (throttled or not, known or not): the mail goes out from a job.
    await requestPasswordReset(deps, {
      email: c.req.valid("json").email,
      address: requestClientAddress(c),
      lang: c.get("lang"),
    });
    return c.json({ accepted: true as const }, 202);
  });
}
