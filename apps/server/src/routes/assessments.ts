import { createRoute, z } from "@hono/zod-openapi";
import {
  createAssessment,
  getAssessment,
  linkEvidence,
  listAssessments,
  loadNextStep,
  loadReadiness,
  migrateAssessment,
  NEXT_STEP_KINDS,
  ROUTES,
  resultUpdateSchema,
  setCriterionResult,
  unlinkEvidence,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import {
  assessment,
  assessmentView,
  blocker,
  criterionResult,
  errorResponses,
  idParam,
  jsonBody,
  jsonResponse,
  readiness,
} from "../schemas.ts";

const assessmentId = idParam("assessmentId");
const resultParams = assessmentId.extend({
  criterionId: z
    .string()
    .min(1)
    .max(32)
    .openapi({ param: { name: "criterionId", in: "path" }, example: "S1.1-04" }),
});
const routeQuery = z.object({
  route: z
    .enum(ROUTES)
    .optional()
    .openapi({ param: { name: "route", in: "query" } }),
});

const nextStep = z
  .object({
    kind: z.enum(NEXT_STEP_KINDS),
    assessmentId: z.string().nullable(),
    blocker: z.union([blocker, z.null()]),
    openBlockers: z.number().int(),
    counts: readiness.shape.counts,
  })
  .openapi("NextStep");

const routes = {
  nextStep: createRoute({
    method: "get",
    path: "/api/products/{productId}/next-step",
    tags: ["assessments"],
    summary: "What to do next on a product: the first open blocker and the progress / 次にやること",
    request: { params: idParam("productId") },
    responses: { 200: jsonResponse(nextStep, "From the product's readiness"), ...errorResponses(404) },
  }),
  list: createRoute({
    method: "get",
    path: "/api/products/{productId}/assessments",
    tags: ["assessments"],
    summary: "Self-assessments of a product / 製品の自己適合評価",
    request: { params: idParam("productId") },
    responses: { 200: jsonResponse(z.array(assessment), "Newest first"), ...errorResponses(404) },
  }),
  create: createRoute({
    method: "post",
    path: "/api/products/{productId}/assessments",
    tags: ["assessments"],
    summary: "Start a self-assessment (default: newest ★1 checklist) / 自己適合評価の開始",
    request: {
      params: idParam("productId"),
      body: jsonBody(z.object({ catalogVersion: z.string().min(1).max(64).optional() }).strict()),
    },
    responses: { 201: jsonResponse(assessmentView, "Created"), ...errorResponses(400, 404, 409, 415) },
  }),
  get: createRoute({
    method: "get",
    path: "/api/assessments/{assessmentId}",
    tags: ["assessments"],
    summary: "An assessment with every result, its evidence and readiness / 評価結果",
    request: { params: assessmentId, query: routeQuery },
    responses: { 200: jsonResponse(assessmentView, "The assessment"), ...errorResponses(404) },
  }),
  readiness: createRoute({
    method: "get",
    path: "/api/assessments/{assessmentId}/readiness",
    tags: ["assessments"],
    summary: "Why the product is or is not ready to apply / 申請可否と阻害要因",
    request: { params: assessmentId, query: routeQuery },
    responses: { 200: jsonResponse(readiness, "Readiness with coded blockers"), ...errorResponses(404) },
  }),
  setResult: createRoute({
    method: "put",
    path: "/api/assessments/{assessmentId}/results/{criterionId}",
    tags: ["assessments"],
    summary:
      "Record the verdict of one criterion, linking/unlinking evidence (send the version you read; 409 carries the current result) / 判定の記録",
    request: { params: resultParams, body: jsonBody(resultUpdateSchema) },
    responses: {
      200: jsonResponse(criterionResult, "Recorded"),
      ...errorResponses(400, 404, 409, 413, 415, 422),
    },
  }),
  link: createRoute({
    method: "post",
    path: "/api/assessments/{assessmentId}/results/{criterionId}/evidence",
    tags: ["assessments"],
    summary: "Link an evidence reference to a criterion / 証跡の紐付け",
    request: {
      params: resultParams,
      body: jsonBody(z.object({ evidenceId: z.string().min(1).max(64) }).strict()),
    },
    responses: { 200: jsonResponse(criterionResult, "Linked"), ...errorResponses(400, 404, 415) },
  }),
  unlink: createRoute({
    method: "delete",
    path: "/api/assessments/{assessmentId}/results/{criterionId}/evidence/{evidenceId}",
    tags: ["assessments"],
    summary: "Unlink one evidence reference from a criterion (the evidence stays) / 証跡の紐付け解除",
    request: { params: resultParams.extend(idParam("evidenceId").shape) },
    responses: { 200: jsonResponse(criterionResult, "Unlinked"), ...errorResponses(404) },
  }),
  migrate: createRoute({
    method: "post",
    path: "/api/assessments/{assessmentId}/migrate",
    tags: ["assessments"],
    summary: "Move to a newer checklist version as a new assessment / 新しい版への移行",
    request: {
      params: assessmentId,
      body: jsonBody(z.object({ toVersion: z.string().min(1).max(64) }).strict()),
    },
    responses: {
      201: jsonResponse(
        z.object({
          assessment: assessmentView,
          summary: z.object({
            carriedOver: z.array(z.string()),
            needsReview: z.array(z.string()),
            added: z.array(z.string()),
            dropped: z.array(z.string()),
          }),
        }),
        "The new assessment",
      ),
      ...errorResponses(400, 404, 409, 415, 422),
    },
  }),
};

export function registerAssessments(app: App): void {
  app.openapi(routes.nextStep, async (c) =>
    c.json(await loadNextStep(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(routes.list, async (c) =>
    c.json(await listAssessments(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(routes.create, async (c) =>
    c.json(
      await createAssessment(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").productId,
        c.req.valid("json").catalogVersion,
      ),
      201,
    ),
  );
  app.openapi(routes.get, async (c) => {
    const { route } = c.req.valid("query");
    return c.json(
      await getAssessment(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").assessmentId,
        route ? { route } : {},
      ),
      200,
    );
  });
  app.openapi(routes.readiness, async (c) => {
    const { route } = c.req.valid("query");
    const { assessmentId: id } = c.req.valid("param");
    const loaded = await loadReadiness(
      c.get("deps"),
      c.get("ctx"),
      { assessmentId: id },
      route ? { route } : {},
    );
    return c.json(loaded.readiness, 200);
  });
  app.openapi(routes.setResult, async (c) => {
    const { assessmentId: id, criterionId } = c.req.valid("param");
    return c.json(
      await setCriterionResult(c.get("deps"), c.get("ctx"), id, criterionId, c.req.valid("json")),
      200,
    );
  });
  app.openapi(routes.link, async (c) => {
    const { assessmentId: id, criterionId } = c.req.valid("param");
    return c.json(
      await linkEvidence(c.get("deps"), c.get("ctx"), id, criterionId, c.req.valid("json").evidenceId),
      200,
    );
  });
  app.openapi(routes.unlink, async (c) => {
    const { assessmentId: id, criterionId, evidenceId } = c.req.valid("param");
    return c.json(await unlinkEvidence(c.get("deps"), c.get("ctx"), id, criterionId, evidenceId), 200);
  });
  app.openapi(routes.migrate, async (c) =>
    c.json(
      await migrateAssessment(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").assessmentId,
        c.req.valid("json").toVersion,
      ),
      201,
    ),
  );
}
