import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../app-env.ts";
import { jsonResponse } from "../schemas.ts";

const health = createRoute({
  method: "get",
  path: "/api/health",
  tags: ["system"],
  summary: "Liveness / 稼働確認",
  responses: { 200: jsonResponse(z.object({ status: z.literal("ok") }), "The server is up") },
});

export function registerHealth(app: App): void {
  app.openapi(health, (c) => c.json({ status: "ok" as const }, 200));
}
