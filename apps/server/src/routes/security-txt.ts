import { createRoute, z } from "@hono/zod-openapi";
import {
  buildInstanceSecurityTxt,
  instancePublicUrl,
  readSecurityTxtSettings,
  securityTxtSettingsSchema,
  writeSecurityTxtSettings,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, jsonBody, jsonResponse } from "../schemas.ts";

const settings = z
  .object({
    contacts: z.array(z.string()),
    expires: z.string(),
    preferredLanguages: z.array(z.enum(["ja", "en"])),
    policy: z.string().nullable(),
  })
  .openapi("SecurityTxtSettings");

const settingsView = z
  .object({
    settings: z.union([settings, z.null()]),
    /** What /.well-known/security.txt serves now (null: 404 — not set, expired or invalid). */
    served: z.string().nullable(),
  })
  .openapi("SecurityTxtView");

const r = {
  file: createRoute({
    method: "get",
    path: "/.well-known/security.txt",
    tags: ["public pages"],
    summary: "This instance's security contact (RFC 9116), from the admin settings / 脆弱性の連絡先",
    responses: {
      200: { description: "security.txt", content: { "text/plain": { schema: z.string() } } },
      404: {
        description: "Not set by an admin yet, or expired",
        content: { "text/plain": { schema: z.string() } },
      },
    },
  }),
  get: createRoute({
    method: "get",
    path: "/api/admin/security-txt",
    tags: ["admin"],
    summary: "The instance's security.txt settings and what is served / security.txt の設定",
    responses: { 200: jsonResponse(settingsView, "Settings and the served text") },
  }),
  put: createRoute({
    method: "put",
    path: "/api/admin/security-txt",
    tags: ["admin"],
    summary: "Set the instance's security.txt (Contact, Expires, languages, policy) / security.txt の設定",
    request: { body: jsonBody(securityTxtSettingsSchema) },
    responses: { 200: jsonResponse(settingsView, "Saved"), ...errorResponses(400, 413, 415, 422) },
  }),
};

/** The instance's own /.well-known/security.txt and its admin settings. */
export function registerSecurityTxt(app: App): void {
  app.openapi(r.file, async (c) => {
    const deps = c.get("deps");
    const saved = await readSecurityTxtSettings(deps.db);
    const text = buildInstanceSecurityTxt(saved, await instancePublicUrl(deps), deps.now());
    c.header("Content-Type", "text/plain; charset=utf-8");
    c.header("Cache-Control", "public, max-age=300");
    return text ? c.text(text, 200) : c.text("Not found\n", 404);
  });
  app.openapi(r.get, async (c) => {
    const deps = c.get("deps");
    const saved = await readSecurityTxtSettings(deps.db);
    const served = buildInstanceSecurityTxt(saved, await instancePublicUrl(deps), deps.now());
    return c.json({ settings: saved, served }, 200);
  });
  app.openapi(r.put, async (c) => {
    const deps = c.get("deps");
    const caller = c.get("caller");
    const actor = caller.kind === "user" ? caller.user.id : null;
    const saved = await writeSecurityTxtSettings(deps.db, actor, c.req.valid("json"), deps.now());
    const served = buildInstanceSecurityTxt(saved, await instancePublicUrl(deps), deps.now());
    return c.json({ settings: saved, served }, 200);
  });
}
