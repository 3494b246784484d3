import { createRoute, z } from "@hono/zod-openapi";
import {
  AppError,
  createOrganisation,
  createUser,
  eraseUser,
  invitationSchema,
  inviteMember,
  issuePasswordReset,
  listOrganisationsForAdmin,
  listUsersWithMemberships,
  publicUrlStatus,
  requirePublicUrl,
  settingsSchema,
  settingsUpdateSchema,
  settingsView,
  userCreateSchema,
  writeSettings,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../schemas.ts";
import {
  adminOrganisationSchema,
  adminUserSchema,
  linkSchema,
  organisationSchema,
  userSchema,
} from "../schemas-auth.ts";
import { signedInUser } from "./caller.ts";

const settingsViewSchema = settingsSchema
  .extend({
    smtpPasswordSet: z.boolean(),
    /** The URL links use now and where it comes from (`env`: JCSTAR_PUBLIC_URL wins over the setting). */
    publicUrlInUse: z.object({ url: z.string().nullable(), source: z.enum(["env", "settings"]).nullable() }),
  })
  .openapi("InstanceSettings");

const r = {
  users: createRoute({
    method: "get",
    path: "/api/admin/users",
    tags: ["admin"],
    summary: "All users / ユーザー一覧",
    responses: { 200: jsonResponse(z.array(adminUserSchema), "Users"), ...errorResponses(401, 403) },
  }),
  createUser: createRoute({
    method: "post",
    path: "/api/admin/users",
    tags: ["admin"],
    summary: "Create a user / ユーザー作成",
    request: { body: jsonBody(userCreateSchema) },
    responses: { 201: jsonResponse(userSchema, "Created"), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  eraseUser: createRoute({
    method: "delete",
    path: "/api/admin/users/{userId}",
    tags: ["admin"],
    summary: "Erase a person's data / 個人データの消去",
    request: { params: idParam("userId") },
    responses: { 204: { description: "Erased" }, ...errorResponses(401, 403, 404, 409) },
  }),
  resetLink: createRoute({
    method: "post",
    path: "/api/admin/users/{userId}/reset-link",
    tags: ["admin"],
    summary: "Issue a one-time password-reset link / 再設定リンクの発行",
    request: { params: idParam("userId") },
    responses: { 201: jsonResponse(linkSchema, "Single use, 2 h"), ...errorResponses(401, 403, 404) },
  }),
  orgs: createRoute({
    method: "get",
    path: "/api/admin/organisations",
    tags: ["admin"],
    summary: "Organisations / 組織一覧",
    responses: {
      200: jsonResponse(z.array(adminOrganisationSchema), "Organisations with their owner count"),
      ...errorResponses(401, 403),
    },
  }),
  createOrg: createRoute({
    method: "post",
    path: "/api/admin/organisations",
    tags: ["admin"],
    summary: "Create an organisation / 組織作成",
    request: { body: jsonBody(z.object({ name: z.string().trim().min(1).max(200) }).strict()) },
    responses: { 201: jsonResponse(organisationSchema, "Created"), ...errorResponses(400, 401, 403) },
  }),
  inviteToOrg: createRoute({
    method: "post",
    path: "/api/admin/organisations/{orgId}/invitations",
    tags: ["admin"],
    summary: "Invite someone (e.g. the first owner) to an organisation / 組織への招待リンクの発行",
    request: { params: idParam("orgId"), body: jsonBody(invitationSchema) },
    responses: {
      201: jsonResponse(linkSchema, "The invitation link (single use, 72 h)"),
      ...errorResponses(400, 401, 403, 404),
    },
  }),
  settings: createRoute({
    method: "get",
    path: "/api/admin/settings",
    tags: ["admin"],
    summary: "Instance settings / インスタンス設定",
    responses: {
      200: jsonResponse(settingsViewSchema, "Settings (secrets never shown)"),
      ...errorResponses(401, 403),
    },
  }),
  putSettings: createRoute({
    method: "put",
    path: "/api/admin/settings",
    tags: ["admin"],
    summary: "Change instance settings / インスタンス設定の変更",
    request: { body: jsonBody(settingsUpdateSchema) },
    responses: { 200: jsonResponse(settingsViewSchema, "Saved"), ...errorResponses(400, 401, 403) },
  }),
};

export function registerAdmin(app: App): void {
  app.openapi(r.users, async (c) => c.json(await listUsersWithMemberships(c.get("deps").db), 200));
  app.openapi(r.createUser, async (c) => {
    const deps = c.get("deps");
    return c.json(await createUser(deps.db, c.req.valid("json"), deps.now()), 201);
  });
  app.openapi(r.eraseUser, async (c) => {
    const { userId } = c.req.valid("param");
    if (userId === signedInUser(c).id) {
      throw new AppError("IN_USE", {
        entity: "User",
        id: userId,
        reason: "you cannot erase your own account",
      });
    }
    await eraseUser(c.get("deps").db, userId);
    return c.body(null, 204);
  });
  app.openapi(r.resetLink, async (c) => {
    const deps = c.get("deps");
    const { userId } = c.req.valid("param");
    const user = await deps.db.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst();
    if (!user) {
      throw new AppError("NOT_FOUND", { entity: "User", id: userId });
    }
    const base = await requirePublicUrl(deps);
    const link = await issuePasswordReset(deps.db, userId, signedInUser(c).id, deps.now());
    return c.json({ url: `${base}/reset/${link.token}`, expiresAt: link.expiresAt }, 201);
  });
  app.openapi(r.orgs, async (c) => c.json(await listOrganisationsForAdmin(c.get("deps").db), 200));
  app.openapi(r.createOrg, async (c) => {
    const deps = c.get("deps");
    return c.json(await createOrganisation(deps.db, c.req.valid("json").name, deps.now()), 201);
  });
  app.openapi(r.inviteToOrg, async (c) => {
    const deps = c.get("deps");
    const { orgId } = c.req.valid("param");
    const org = await deps.db
      .selectFrom("organisations")
      .select("id")
      .where("id", "=", orgId)
      .executeTakeFirst();
    if (!org) throw new AppError("NOT_FOUND", { entity: "Organisation", id: orgId });
    const base = await requirePublicUrl(deps);
    const invitation = await inviteMember(
      deps.db,
      orgId,
      signedInUser(c).id,
      c.req.valid("json"),
      deps.now(),
    );
    return c.json({ url: `${base}/invite/${invitation.token}`, expiresAt: invitation.expiresAt }, 201);
  });
  app.openapi(r.settings, async (c) => {
    const deps = c.get("deps");
    return c.json({ ...(await settingsView(deps.db)), publicUrlInUse: await publicUrlStatus(deps) }, 200);
  });
  app.openapi(r.putSettings, async (c) => {
    const deps = c.get("deps");
    const saved = await writeSettings(deps.db, deps.instanceKey, c.req.valid("json"), deps.now());
    return c.json({ ...saved, publicUrlInUse: await publicUrlStatus(deps) }, 200);
  });
}
