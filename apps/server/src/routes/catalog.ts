import { createRoute, z } from "@hono/zod-openapi";
import { criterionView } from "@jcstar/core";
import type { App } from "../app-env.ts";
import { catalogVersion, criterion, errorResponses, jsonResponse, langQuery } from "../schemas.ts";

const listVersions = createRoute({
  method: "get",
  path: "/api/catalog/versions",
  tags: ["catalog"],
  summary: "Checklist versions / チェックリストの版",
  responses: { 200: jsonResponse(z.array(catalogVersion), "Every loaded checklist version, oldest first") },
});

const versionParam = z.object({
  version: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "version", in: "path" }, example: "star1-2025.05.05" }),
});

const listCriteriaOfVersion = createRoute({
  method: "get",
  path: "/api/catalog/versions/{version}/criteria",
  tags: ["catalog"],
  summary: "Criteria of a checklist version / 版ごとの適合基準",
  request: { params: versionParam, query: langQuery },
  responses: {
    200: jsonResponse(z.array(criterion), "The criteria in checklist order"),
    ...errorResponses(404),
  },
});

const listCriteria = createRoute({
  method: "get",
  path: "/api/criteria",
  tags: ["catalog"],
  summary: "Criteria of the newest ★1 checklist / 最新の★1適合基準",
  request: { query: langQuery },
  responses: { 200: jsonResponse(z.array(criterion), "The criteria in checklist order") },
});

export function registerCatalog(app: App): void {
  app.openapi(listVersions, (c) => {
    const { catalog } = c.get("deps");
    const latest = catalog.latest(1).version;
    return c.json(
      catalog.versions.map((v) => ({
        version: v.version,
        level: v.level,
        title: v.title,
        publishedOn: v.publishedOn,
        latest: v.version === latest,
        criteriaCount: v.criteria.length,
        notice: v.notice,
      })),
      200,
    );
  });
  app.openapi(listCriteriaOfVersion, (c) => {
    const version = c.get("deps").catalog.get(c.req.valid("param").version);
    return c.json(
      version.criteria.map((cr) => criterionView(version, cr)),
      200,
    );
  });
  app.openapi(listCriteria, (c) => {
    const version = c.get("deps").catalog.latest(1);
    return c.json(
      version.criteria.map((cr) => criterionView(version, cr)),
      200,
    );
  });
}
