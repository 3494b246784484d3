import { createRoute, z } from "@hono/zod-openapi";
import {
  answerWithBundle,
  applicationCreateSchema,
  applicationUpdateSchema,
  type Confidence,
  createApplication,
  evidenceAnswerSchema,
  FEE_TABLE,
  factSources,
  getApplication,
  LIFECYCLE,
  listApplications,
  readRegistrySettings,
  SCHEDULE,
  SHARED_SOURCES,
  transitionApplication,
  transitionSchema,
  updateApplication,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../schemas.ts";
import { application, applicationInfo, applicationView } from "../schemas-applications.ts";

const applicationId = idParam("applicationId");

const r = {
  info: createRoute({
    method: "get",
    path: "/api/application-info",
    tags: ["applications"],
    summary: "Fees, schedule and whether this instance runs a registry / 手数料・標準期間・登録窓口",
    responses: { 200: jsonResponse(applicationInfo, "Fee table (tax included) and schedule, as data") },
  }),
  list: createRoute({
    method: "get",
    path: "/api/applications",
    tags: ["applications"],
    summary: "Applications of the organisation / 申請一覧",
    request: {
      query: z.object({
        productId: z
          .string()
          .max(64)
          .optional()
          .openapi({ param: { name: "productId", in: "query" } }),
      }),
    },
    responses: { 200: jsonResponse(z.array(application), "Newest first") },
  }),
  create: createRoute({
    method: "post",
    path: "/api/applications",
    tags: ["applications"],
    summary: "Start an application (draft) / 申請の作成",
    request: { body: jsonBody(applicationCreateSchema) },
    responses: { 201: jsonResponse(applicationView, "Created"), ...errorResponses(400, 404, 409) },
  }),
  get: createRoute({
    method: "get",
    path: "/api/applications/{applicationId}",
    tags: ["applications"],
    summary: "An application with its timeline and next steps / 申請と経過",
    request: { params: applicationId },
    responses: { 200: jsonResponse(applicationView, "The application"), ...errorResponses(404) },
  }),
  update: createRoute({
    method: "patch",
    path: "/api/applications/{applicationId}",
    tags: ["applications"],
    summary: "Change a draft (route, channel, model numbers) / 下書きの変更",
    request: { params: applicationId, body: jsonBody(applicationUpdateSchema) },
    responses: { 200: jsonResponse(applicationView, "Updated"), ...errorResponses(400, 404, 409) },
  }),
  transition: createRoute({
    method: "post",
    path: "/api/applications/{applicationId}/transitions",
    tags: ["applications"],
    summary: "Take or record the next step (dated, with correspondence) / 手続きの記録",
    request: { params: applicationId, body: jsonBody(transitionSchema) },
    responses: {
      200: jsonResponse(applicationView, "The application after the step"),
      ...errorResponses(400, 403, 404, 409, 422),
    },
  }),
  answer: createRoute({
    method: "post",
    path: "/api/applications/{applicationId}/evidence-bundle",
    tags: ["applications"],
    summary: "Answer an evidence request with an evidence bundle from the vault / 証跡バンドルで回答",
    request: { params: applicationId, body: jsonBody(evidenceAnswerSchema) },
    responses: {
      200: jsonResponse(applicationView, "The bundle is filed and attached"),
      ...errorResponses(400, 404, 409, 422),
    },
  }),
};

/** The confidence of a fact resting on these source keys: the weakest of them (unverified when none resolves). */
function weakestConfidence(keys: readonly string[]): Confidence {
  const order: Confidence[] = ["unverified", "secondary", "official"];
  const found = factSources(SHARED_SOURCES.sources, keys, SHARED_SOURCES.unverifiedMark).sources.map(
    (s) => s.confidence,
  );
  return order.find((c) => found.includes(c)) ?? "unverified";
}

export function registerApplications(app: App): void {
  app.openapi(r.info, async (c) => {
    const registry = await readRegistrySettings(c.get("deps").db);
    return c.json(
      {
        fees: FEE_TABLE.fees,
        extensionFees: FEE_TABLE.extensions.map((f) => ({
          level: f.level,
          from: f.from,
          until: f.until,
          amount: f.amount,
          toBeConfirmed: f.toBeConfirmed,
          label: f.label,
          confidence: weakestConfidence(f.sources),
        })),
        graceDays: LIFECYCLE.grace.map((g) => ({
          from: g.from,
          until: g.until,
          days: g.days,
          confidence: g.sources[0]?.confidence ?? ("unverified" as const),
        })),
        acceptanceDays: SCHEDULE.acceptanceDays,
        labelValidityYears: SCHEDULE.labelValidityYears,
        registry: {
          enabled: registry.enabled,
          programme: registry.sandbox ? ("sandbox" as const) : ("private" as const),
          name: registry.registryName[c.get("lang")],
        },
      },
      200,
    );
  });
  app.openapi(r.list, async (c) =>
    c.json(await listApplications(c.get("deps"), c.get("ctx"), c.req.valid("query")), 200),
  );
  app.openapi(r.create, async (c) =>
    c.json(await createApplication(c.get("deps"), c.get("ctx"), c.req.valid("json")), 201),
  );
  app.openapi(r.get, async (c) =>
    c.json(await getApplication(c.get("deps"), c.get("ctx"), c.req.valid("param").applicationId), 200),
  );
  app.openapi(r.update, async (c) =>
    c.json(
      await updateApplication(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").applicationId,
        c.req.valid("json"),
      ),
      200,
    ),
  );
  app.openapi(r.transition, async (c) =>
    c.json(
      await transitionApplication(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").applicationId,
        c.req.valid("json"),
      ),
      200,
    ),
  );
  app.openapi(r.answer, async (c) =>
    c.json(
      await answerWithBundle(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").applicationId,
        c.req.valid("json"),
      ),
      200,
    ),
  );
}
