import { createRoute, z } from "@hono/zod-openapi";
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  SEVERITIES,
  SEVERITY_ORDER,
  VEX_JUSTIFICATIONS,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { jsonResponse } from "../schemas.ts";

/** Rules the web checks or offers before sending, as core defines them (the server checks them again). */
export const rulesSchema = z
  .object({
    password: z.object({
      minLength: z.number().int().openapi({ description: "Unicode code points of the NFKC form" }),
      maxLength: z.number().int(),
    }),
    severities: z
      .array(z.enum([...SEVERITIES, "unknown"]))
      .openapi({ description: "Every severity in listing order: most severe first, unknown last" }),
    vexJustifications: z.array(z.enum(VEX_JUSTIFICATIONS)),
  })
  .openapi("Rules");

const rules = createRoute({
  method: "get",
  path: "/api/rules",
  tags: ["system"],
  summary: "Rules the web checks before sending (password length, severity order) / 入力規則",
  responses: { 200: jsonResponse(rulesSchema, "The rules of this server") },
});

export function registerRules(app: App): void {
  app.openapi(rules, (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.json(
      {
        password: { minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH },
        severities: [...SEVERITY_ORDER],
        vexJustifications: [...VEX_JUSTIFICATIONS],
      },
      200,
    );
  });
}
