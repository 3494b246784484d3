import { createRoute, z } from "@hono/zod-openapi";
import {
  changeMemberRole,
  invitationSchema,
  inviteMember,
  listLockouts,
  listMembers,
  removeMember,
  requirePublicUrl,
  roleSchema,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../schemas.ts";
import { linkSchema, lockoutSchema, memberSchema } from "../schemas-auth.ts";
import { signedInUser } from "./caller.ts";

const r = {
  members: createRoute({
    method: "get",
    path: "/api/org/members",
    tags: ["organisation"],
    summary: "Members of the current organisation / メンバー一覧",
    responses: { 200: jsonResponse(z.array(memberSchema), "Members"), ...errorResponses(401, 403) },
  }),
  changeRole: createRoute({
    method: "patch",
    path: "/api/org/members/{userId}",
    tags: ["organisation"],
    summary: "Change a member's role / ロール変更",
    request: { params: idParam("userId"), body: jsonBody(roleSchema) },
    responses: { 204: { description: "Changed" }, ...errorResponses(400, 401, 403, 404, 409) },
  }),
  remove: createRoute({
    method: "delete",
    path: "/api/org/members/{userId}",
    tags: ["organisation"],
    summary: "Remove a member / メンバーの削除",
    request: { params: idParam("userId") },
    responses: { 204: { description: "Removed" }, ...errorResponses(401, 403, 404, 409) },
  }),
  invite: createRoute({
    method: "post",
    path: "/api/org/invitations",
    tags: ["organisation"],
    summary: "Invite someone by link / 招待リンクの発行",
    request: { body: jsonBody(invitationSchema) },
    responses: {
      201: jsonResponse(linkSchema, "The invitation link (single use, 72 h)"),
      ...errorResponses(400, 401, 403),
    },
  }),
  lockouts: createRoute({
    method: "get",
    path: "/api/org/lockouts",
    tags: ["organisation"],
    summary: "Recent sign-in lockouts of members / ロックアウト履歴",
    responses: { 200: jsonResponse(z.array(lockoutSchema), "Newest first"), ...errorResponses(401, 403) },
  }),
};

export function registerOrg(app: App): void {
  app.openapi(r.members, async (c) => c.json(await listMembers(c.get("deps").db, c.get("ctx").orgId), 200));
  app.openapi(r.changeRole, async (c) => {
    await changeMemberRole(
      c.get("deps").db,
      c.get("ctx").orgId,
      c.req.valid("param").userId,
      c.req.valid("json"),
    );
    return c.body(null, 204);
  });
  app.openapi(r.remove, async (c) => {
    await removeMember(c.get("deps").db, c.get("ctx").orgId, c.req.valid("param").userId);
    return c.body(null, 204);
  });
  app.openapi(r.invite, async (c) => {
    const deps = c.get("deps");
    const base = await requirePublicUrl(deps);
    const invitation = await inviteMember(
      deps.db,
      c.get("ctx").orgId,
      signedInUser(c).id,
      c.req.valid("json"),
      deps.now(),
    );
    return c.json({ url: `${base}/invite/${invitation.token}`, expiresAt: invitation.expiresAt }, 201);
  });
  app.openapi(r.lockouts, async (c) => c.json(await listLockouts(c.get("deps").db, c.get("ctx").orgId), 200));
}
