import { createRoute, z } from "@hono/zod-openapi";
import {
  getPublication,
  publicationSettingsSchema,
  publicationUpdateSchema,
  putPublication,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { publicRegistryChanged } from "../registry-export/registry-changed.ts";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../schemas.ts";

const publication = publicationSettingsSchema
  .extend({ productId: z.string(), version: z.number().int(), updatedAt: z.string().nullable() })
  .openapi("ProductPublication");

const r = {
  get: createRoute({
    method: "get",
    path: "/api/products/{productId}/publication",
    tags: ["products"],
    summary: "What the product security information page publishes / 公開設定",
    request: { params: idParam("productId") },
    responses: {
      200: jsonResponse(publication, "Publish settings (version 0: never saved)"),
      ...errorResponses(404),
    },
  }),
  put: createRoute({
    method: "put",
    path: "/api/products/{productId}/publication",
    tags: ["products"],
    summary: "Choose what to publish on /p/{slug} / 公開設定の変更",
    request: { params: idParam("productId"), body: jsonBody(publicationUpdateSchema) },
    responses: { 200: jsonResponse(publication, "Saved"), ...errorResponses(400, 404, 409) },
  }),
};

/** Maker side: the product security information page's publish settings. */
export function registerPublication(app: App): void {
  app.openapi(r.get, async (c) =>
    c.json(await getPublication(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(r.put, async (c) => {
    const saved = await putPublication(
      c.get("deps"),
      c.get("ctx"),
      c.req.valid("param").productId,
      c.req.valid("json"),
    );
    await publicRegistryChanged(c.get("deps"));
    return c.json(saved, 200);
  });
}
