import { createRoute, z } from "@hono/zod-openapi";
import {
  componentCreateSchema,
  createComponent,
  createFirmwareImage,
  createFirmwareRelease,
  firmwareImageCreateSchema,
  firmwareReleaseCreateSchema,
  listComponents,
  listFirmwareImages,
  listFirmwareReleases,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import {
  component,
  errorResponses,
  firmwareImage,
  firmwareRelease,
  idParam,
  jsonBody,
  jsonResponse,
} from "../schemas.ts";

const productId = idParam("productId");

function pair<T extends z.ZodType, B extends z.ZodType>(
  path: string,
  tag: string,
  item: T,
  body: B,
  what: string,
) {
  return {
    list: createRoute({
      method: "get",
      path,
      tags: [tag],
      summary: `List ${what}`,
      request: { params: productId },
      responses: { 200: jsonResponse(z.array(item), `The product's ${what}`), ...errorResponses(404) },
    }),
    create: createRoute({
      method: "post",
      path,
      tags: [tag],
      summary: `Add ${what}`,
      request: { params: productId, body: jsonBody(body) },
      responses: { 201: jsonResponse(item, "Created"), ...errorResponses(400, 404, 409, 413, 415) },
    }),
  };
}

const images = pair(
  "/api/products/{productId}/firmware-images",
  "firmware",
  firmwareImage,
  firmwareImageCreateSchema,
  "firmware images / ファームウェア",
);
const releases = pair(
  "/api/products/{productId}/releases",
  "firmware",
  firmwareRelease,
  firmwareReleaseCreateSchema,
  "firmware releases, newest first / ファームウェアリリース",
);
const components = pair(
  "/api/products/{productId}/components",
  "firmware",
  component,
  componentCreateSchema,
  "software components / ソフトウェア部品",
);

export function registerFirmware(app: App): void {
  app.openapi(images.list, async (c) =>
    c.json(await listFirmwareImages(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(images.create, async (c) =>
    c.json(
      await createFirmwareImage(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").productId,
        c.req.valid("json"),
      ),
      201,
    ),
  );
  app.openapi(releases.list, async (c) =>
    c.json(await listFirmwareReleases(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(releases.create, async (c) =>
    c.json(
      await createFirmwareRelease(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").productId,
        c.req.valid("json"),
      ),
      201,
    ),
  );
  app.openapi(components.list, async (c) =>
    c.json(await listComponents(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(components.create, async (c) =>
    c.json(
      await createComponent(c.get("deps"), c.get("ctx"), c.req.valid("param").productId, c.req.valid("json")),
      201,
    ),
  );
}
