import { createRoute, z } from "@hono/zod-openapi";
import {
  AppError,
  calendarTokenUser,
  instancePublicUrl,
  issueCalendarToken,
  membershipsOf,
  REMINDER_KINDS,
  remindersOf,
  remindersToICalendar,
  requirePublicUrl,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, i18nText, jsonResponse } from "../schemas.ts";
import { signedInUser } from "./caller.ts";

const reminder = z
  .object({
    id: z.string(),
    orgId: z.string(),
    kind: z.enum(REMINDER_KINDS),
    dueOn: z.string(),
    overdue: z.boolean(),
    productId: z.string(),
    productName: z.string(),
    applicationId: z.string().nullable(),
    title: i18nText,
  })
  .openapi("Reminder");

const r = {
  reminders: createRoute({
    method: "get",
    path: "/api/reminders",
    tags: ["applications"],
    summary: "Label expiry, support end, retention end, overdue steps / リマインダー",
    responses: { 200: jsonResponse(z.array(reminder), "By date") },
  }),
  token: createRoute({
    method: "post",
    path: "/api/calendar/token",
    tags: ["applications"],
    summary: "Issue (or replace) your secret iCalendar feed address / カレンダー購読URLの発行",
    responses: {
      201: jsonResponse(z.object({ url: z.string() }), "Shown once; the old address stops working"),
    },
  }),
  feed: createRoute({
    method: "get",
    path: "/api/calendar/{token}",
    tags: ["applications"],
    summary: "iCalendar feed (RFC 5545) of the reminders of your organisations / リマインダーのカレンダー",
    request: {
      params: z.object({
        token: z
          .string()
          .max(100)
          .openapi({ param: { name: "token", in: "path" } }),
      }),
    },
    responses: {
      200: { description: "text/calendar", content: { "text/calendar": { schema: z.string() } } },
      ...errorResponses(404),
    },
  }),
};

export function registerCalendar(app: App): void {
  app.openapi(r.reminders, async (c) => c.json(await remindersOf(c.get("deps"), [c.get("ctx").orgId]), 200));
  app.openapi(r.token, async (c) => {
    const deps = c.get("deps");
    const base = await requirePublicUrl(deps);
    const token = await issueCalendarToken(deps.db, signedInUser(c).id, deps.now());
    return c.json({ url: `${base}/api/calendar/${token}` }, 201);
  });
  app.openapi(r.feed, async (c) => {
    const deps = c.get("deps");
    const userId = await calendarTokenUser(deps.db, c.req.valid("param").token);
    if (!userId) throw new AppError("NOT_FOUND", { entity: "Calendar", id: "-" });
    const orgs = (await membershipsOf(deps.db, userId)).map((m) => m.orgId);
    const reminders = await remindersOf(deps, orgs);
    // Links and event UIDs name the configured public URL (none while it is not set), never the request's Host.
    const base = await instancePublicUrl(deps);
    const body = remindersToICalendar(reminders, {
      now: deps.now(),
      lang: c.get("lang"),
      host: base ? new URL(base).hostname : "jcstar.invalid",
      ...(base ? { baseUrl: base } : {}),
    });
    c.header("Content-Type", "text/calendar; charset=utf-8");
    c.header("Cache-Control", "private, max-age=300");
    return c.body(body, 200);
  });
}
