import { createRoute, z } from "@hono/zod-openapi";
import {
  diffReleases,
  exportCycloneDx,
  importSbom,
  listReleaseComponents,
  MAX_SBOM_BYTES,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, idParam, jsonResponse } from "../schemas.ts";
import { bodyBuffer, uploadName } from "./read-body.ts";

const releaseParam = idParam("releaseId");

const releaseComponent = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.string().nullable(),
    supplier: z.string().nullable(),
    license: z.string().nullable(),
    purl: z.string().nullable(),
    cpe: z.string().nullable(),
    ecosystem: z.string().nullable(),
    package: z.string().nullable(),
    bomRef: z.string().nullable(),
    fromSbom: z.boolean(),
    parentId: z.string().nullable().openapi({ description: "The component this one is nested in, or null" }),
  })
  .openapi("ReleaseComponent");

const fileNameQuery = z.object({
  fileName: z
    .string()
    .max(1000)
    .optional()
    .openapi({ param: { name: "fileName", in: "query" } }),
});

const r = {
  importSbom: createRoute({
    method: "post",
    path: "/api/releases/{releaseId}/sbom",
    tags: ["sbom"],
    summary: "Import an SBOM (CycloneDX 1.4–1.6 JSON/XML, SPDX 2.3 JSON) for a release / SBOM の取り込み",
    request: {
      params: releaseParam,
      query: fileNameQuery,
      body: {
        required: true,
        description: "The SBOM file as it is (format recognised by content).",
        content: {
          "application/octet-stream": { schema: z.string().openapi({ type: "string", format: "binary" }) },
        },
      },
    },
    responses: {
      201: jsonResponse(
        z.object({
          id: z.string(),
          releaseId: z.string(),
          format: z.string(),
          specVersion: z.string(),
          sha256: z.string(),
          components: z.number(),
        }),
        "Imported; the release's earlier SBOM components were replaced",
      ),
      ...errorResponses(404, 413, 422),
    },
  }),
  exportSbom: createRoute({
    method: "get",
    path: "/api/releases/{releaseId}/sbom",
    tags: ["sbom"],
    summary: "The release as CycloneDX 1.6 JSON / CycloneDX 形式で出力",
    request: { params: releaseParam },
    responses: { 200: { description: "CycloneDX 1.6 JSON" }, ...errorResponses(404) },
  }),
  components: createRoute({
    method: "get",
    path: "/api/releases/{releaseId}/components",
    tags: ["sbom"],
    summary: "The components of a release / リリースの構成要素",
    request: { params: releaseParam },
    responses: { 200: jsonResponse(z.array(releaseComponent), "Components"), ...errorResponses(404) },
  }),
  diff: createRoute({
    method: "get",
    path: "/api/releases/{releaseId}/diff",
    tags: ["sbom"],
    summary: "Components added, removed and changed since another release / リリース間の差分",
    request: {
      params: releaseParam,
      query: z.object({
        from: z
          .string()
          .min(1)
          .max(64)
          .openapi({ param: { name: "from", in: "query" }, description: "The earlier release" }),
      }),
    },
    responses: {
      200: jsonResponse(
        z.object({
          from: z.string(),
          to: z.string(),
          added: z.array(releaseComponent),
          removed: z.array(releaseComponent),
          changed: z.array(
            z.object({
              name: z.string(),
              from: z.string().nullable(),
              to: z.string().nullable(),
              direction: z.enum(["upgrade", "downgrade", "unknown"]),
            }),
          ),
          unchanged: z.number(),
        }),
        "The difference",
      ),
      ...errorResponses(400, 404),
    },
  }),
};

export function registerSbom(app: App): void {
  app.openapi(r.importSbom, async (c) => {
    const bytes = await bodyBuffer(c, MAX_SBOM_BYTES);
    const { releaseId } = c.req.valid("param");
    return c.json(await importSbom(c.get("deps"), c.get("ctx"), releaseId, bytes, uploadName(c)), 201);
  });
  app.openapi(r.exportSbom, async (c) => {
    const { releaseId } = c.req.valid("param");
    const json = await exportCycloneDx(c.get("deps"), c.get("ctx"), releaseId);
    c.header("Content-Type", "application/vnd.cyclonedx+json; version=1.6");
    c.header("Content-Disposition", `attachment; filename="sbom-${releaseId}.cdx.json"`);
    return c.body(json, 200);
  });
  app.openapi(r.components, async (c) =>
    c.json(await listReleaseComponents(c.get("deps"), c.get("ctx"), c.req.valid("param").releaseId), 200),
  );
  app.openapi(r.diff, async (c) =>
    c.json(
      await diffReleases(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("query").from,
        c.req.valid("param").releaseId,
      ),
      200,
    ),
  );
}
