import { createRoute, z } from "@hono/zod-openapi";
import { createEvidence, evidenceCreateSchema, getEvidence, listEvidence } from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, evidence, idParam, jsonBody, jsonResponse } from "../schemas.ts";

const routes = {
  list: createRoute({
    method: "get",
    path: "/api/evidence",
    tags: ["evidence"],
    summary: "Evidence references of the organisation / 証跡一覧",
    responses: { 200: jsonResponse(z.array(evidence), "Newest first") },
  }),
  create: createRoute({
    method: "post",
    path: "/api/evidence",
    tags: ["evidence"],
    summary: "Record a document reference or a device-test record / 証跡の登録",
    request: { body: jsonBody(evidenceCreateSchema) },
    responses: { 201: jsonResponse(evidence, "Recorded"), ...errorResponses(400, 413, 415) },
  }),
  get: createRoute({
    method: "get",
    path: "/api/evidence/{evidenceId}",
    tags: ["evidence"],
    summary: "One evidence reference / 証跡",
    request: { params: idParam("evidenceId") },
    responses: { 200: jsonResponse(evidence, "The evidence"), ...errorResponses(404) },
  }),
};

export function registerEvidence(app: App): void {
  app.openapi(routes.list, async (c) => c.json(await listEvidence(c.get("deps"), c.get("ctx")), 200));
  app.openapi(routes.create, async (c) =>
    c.json(await createEvidence(c.get("deps"), c.get("ctx"), c.req.valid("json")), 201),
  );
  app.openapi(routes.get, async (c) =>
    c.json(await getEvidence(c.get("deps"), c.get("ctx"), c.req.valid("param").evidenceId), 200),
  );
}
