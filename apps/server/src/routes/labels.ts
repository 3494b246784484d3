import { createRoute, z } from "@hono/zod-openapi";
import {
  issueLabel,
  operatorLabelIssueSchema,
  readRegistrySettings,
  registrySettingsSchema,
  registrySettingsUpdateSchema,
  revokeLabel,
  rotateLabelKey,
  writeRegistrySettings,
} from "@jcstar/core";
import type { Context } from "hono";
import type { App, AppEnv } from "../app-env.ts";
import { publicRegistryChanged } from "../registry-export/registry-changed.ts";
import { errorResponses, jsonBody, jsonResponse } from "../schemas.ts";
import { signedInUser } from "./caller.ts";
import { labelSchema } from "./registry.ts";

const regParam = z.object({
  registrationNumber: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "registrationNumber", in: "path" } }),
});
const registrySettings = registrySettingsSchema.extend({}).openapi("RegistrySettings");

const r = {
  issue: createRoute({
    method: "post",
    path: "/api/operator/labels",
    tags: ["operator"],
    summary: "Issue a label (registry side, operator) / ラベルの発行",
    request: { body: jsonBody(operatorLabelIssueSchema) },
    responses: { 201: jsonResponse(labelSchema, "Issued"), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  revoke: createRoute({
    method: "post",
    path: "/api/operator/labels/{registrationNumber}/revoke",
    tags: ["operator"],
    summary: "Revoke a label with a reason / ラベルの失効",
    request: {
      params: regParam,
      body: jsonBody(z.object({ reason: z.string().trim().min(1).max(1000) }).strict()),
    },
    responses: { 200: jsonResponse(labelSchema, "Revoked"), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  rotate: createRoute({
    method: "post",
    path: "/api/operator/label-keys/rotate",
    tags: ["operator"],
    summary: "Rotate the label signing key (old keys stay published) / 署名鍵の更新",
    responses: {
      200: jsonResponse(z.object({ kid: z.string(), retired: z.array(z.string()) }), "The new key"),
      ...errorResponses(401, 403),
    },
  }),
  settings: createRoute({
    method: "get",
    path: "/api/operator/registry-settings",
    tags: ["operator"],
    summary: "Registry settings / 登録簿の設定",
    responses: { 200: jsonResponse(registrySettings, "Settings"), ...errorResponses(401, 403) },
  }),
  putSettings: createRoute({
    method: "put",
    path: "/api/operator/registry-settings",
    tags: ["operator"],
    summary: "Change the registry settings (number format, name, public URL) / 登録簿の設定変更",
    request: { body: jsonBody(registrySettingsUpdateSchema) },
    responses: { 200: jsonResponse(registrySettings, "Saved"), ...errorResponses(400, 401, 403) },
  }),
};

function actor(c: Context<AppEnv>) {
  const user = signedInUser(c);
  return { id: user.id, name: user.name, lang: c.get("lang") };
}

/** Registry side: what an operator (instance role `operator`, second factor on) does. Makers never can. */
export function registerLabels(app: App): void {
  app.openapi(r.issue, async (c) => {
    const label = await issueLabel(c.get("deps"), actor(c), c.req.valid("json"));
    await publicRegistryChanged(c.get("deps"));
    return c.json(label, 201);
  });
  app.openapi(r.revoke, async (c) => {
    const label = await revokeLabel(c.get("deps"), actor(c), {
      registrationNumber: c.req.valid("param").registrationNumber,
      reason: c.req.valid("json").reason,
    });
    await publicRegistryChanged(c.get("deps"));
    return c.json(label, 200);
  });
  app.openapi(r.rotate, async (c) => {
    const rotated = await rotateLabelKey(c.get("deps"), actor(c).name);
    await publicRegistryChanged(c.get("deps"));
    return c.json(rotated, 200);
  });
  app.openapi(r.settings, async (c) => c.json(await readRegistrySettings(c.get("deps").db), 200));
  app.openapi(r.putSettings, async (c) => {
    const deps = c.get("deps");
    const saved = await writeRegistrySettings(deps.db, c.req.valid("json"), deps.now(), actor(c).name);
    await publicRegistryChanged(deps);
    return c.json(saved, 200);
  });
}
