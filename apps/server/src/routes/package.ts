import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import { buildApplicationPackage, openPackage, packageStatus } from "@jcstar/core";
import type { App } from "../app-env.ts";
import {
  applicationPackage,
  errorResponses,
  idParam,
  jsonBody,
  jsonResponse,
  packageStatus as packageStatusSchema,
} from "../schemas.ts";
import { DOWNLOAD_CSP } from "../security-headers.ts";

const routes = {
  status: createRoute({
    method: "get",
    path: "/api/products/{productId}/package",
    tags: ["package"],
    summary: "What is missing, the sign-off and the packages built / 申請パッケージの状況",
    request: { params: idParam("productId") },
    responses: { 200: jsonResponse(packageStatusSchema, "Status and history"), ...errorResponses(404) },
  }),
  build: createRoute({
    method: "post",
    path: "/api/products/{productId}/packages",
    tags: ["package"],
    summary: "Build the application package (422 with the blockers while not ready) / 申請パッケージの作成",
    request: {
      params: idParam("productId"),
      body: jsonBody(z.object({ lang: z.enum(["ja", "en"]).optional() }).strict()),
    },
    responses: {
      201: jsonResponse(applicationPackage, "Built"),
      ...errorResponses(400, 404, 415, 422, 503),
    },
  }),
  download: createRoute({
    method: "get",
    path: "/api/packages/{packageId}/download",
    tags: ["package"],
    summary: "Download a built package (ZIP) / 申請パッケージのダウンロード",
    request: { params: idParam("packageId") },
    responses: {
      200: {
        description: "The ZIP",
        content: { "application/zip": { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...errorResponses(404),
    },
  }),
};

export function registerPackage(app: App): void {
  app.openapi(routes.status, async (c) =>
    c.json(await packageStatus(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(routes.build, async (c) =>
    c.json(
      await buildApplicationPackage(c.get("deps"), c.get("ctx"), c.req.valid("param").productId, {
        lang: c.req.valid("json").lang,
      }),
      201,
    ),
  );
  app.openapi(routes.download, async (c) => {
    const { record, stream } = await openPackage(c.get("deps"), c.get("ctx"), c.req.valid("param").packageId);
    c.header("Content-Type", "application/zip");
    c.header("Content-Length", String(record.size));
    c.header(
      "Content-Disposition",
      `attachment; filename="jcstar-package-${record.productId}-${record.id}.zip"`,
    );
    c.header("Content-Security-Policy", DOWNLOAD_CSP);
    return c.body(Readable.toWeb(stream) as ReadableStream, 200);
  });
}
