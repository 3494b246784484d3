import { createRoute, z } from "@hono/zod-openapi";
import {
  getSignoff,
  renderAssessmentReport,
  resolvePdfFonts,
  signOff,
  signoffChecklist,
  signoffCreateSchema,
  signoffStatus,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import {
  errorResponses,
  i18nText,
  idParam,
  jsonBody,
  jsonResponse,
  signedSnapshot,
  signoffStatus as signoffStatusSchema,
} from "../schemas.ts";

const frozenChecklist = z
  .object({
    signoffId: z.string(),
    takenAt: z.string(),
    signedAt: z.string(),
    rows: z.array(
      z.object({
        criterionId: z.string(),
        title: i18nText,
        state: z.string(),
        deemedMet: z.boolean(),
        naReason: z.string().nullable(),
        evidence: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            titles: z.union([i18nText, z.null()]),
            testKey: z.string().nullable(),
            verdict: z.string().nullable(),
            testedOn: z.string().nullable(),
            fileName: z.string().nullable(),
            hasFile: z.boolean(),
          }),
        ),
      }),
    ),
  })
  .openapi("FrozenChecklist");

const reportLang = z.object({
  lang: z
    .enum(["ja", "en"])
    .optional()
    .openapi({ param: { name: "lang", in: "query" }, description: "Report language (default ja)" }),
});

const routes = {
  status: createRoute({
    method: "get",
    path: "/api/products/{productId}/signoffs",
    tags: ["signoff"],
    summary: "Sign-off in force, history, changed since / 承認の状況と履歴",
    request: { params: idParam("productId") },
    responses: { 200: jsonResponse(signoffStatusSchema, "Sign-offs, newest first"), ...errorResponses(404) },
  }),
  sign: createRoute({
    method: "post",
    path: "/api/products/{productId}/signoffs",
    tags: ["signoff"],
    summary: "An owner signs off the self-assessment (freezes a snapshot) / 自己適合宣言の承認",
    request: { params: idParam("productId"), body: jsonBody(signoffCreateSchema) },
    responses: {
      201: jsonResponse(signedSnapshot, "Signed: the frozen snapshot and its SHA-256"),
      ...errorResponses(400, 403, 404, 415, 422),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/api/signoffs/{signoffId}",
    tags: ["signoff"],
    summary: "A sign-off with its frozen snapshot / 承認済みスナップショット",
    request: { params: idParam("signoffId") },
    responses: { 200: jsonResponse(signedSnapshot, "The sign-off"), ...errorResponses(404) },
  }),
  checklist: createRoute({
    method: "get",
    path: "/api/signoffs/{signoffId}/checklist",
    tags: ["signoff"],
    summary: "The checklist a sign-off froze, for reviewers / 承認したチェックリスト",
    request: { params: idParam("signoffId") },
    responses: {
      200: jsonResponse(frozenChecklist, "Per criterion: result and evidence"),
      ...errorResponses(404),
    },
  }),
  report: createRoute({
    method: "get",
    path: "/api/signoffs/{signoffId}/report",
    tags: ["signoff"],
    summary: "PDF self-assessment report of a sign-off / 自己適合評価報告書（PDF）",
    request: { params: idParam("signoffId"), query: reportLang },
    responses: {
      200: {
        description: "The PDF",
        content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...errorResponses(404, 503),
    },
  }),
};

export function registerSignoff(app: App): void {
  app.openapi(routes.status, async (c) =>
    c.json(await signoffStatus(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(routes.sign, async (c) =>
    c.json(
      await signOff(c.get("deps"), c.get("ctx"), c.req.valid("param").productId, c.req.valid("json")),
      201,
    ),
  );
  app.openapi(routes.get, async (c) =>
    c.json(await getSignoff(c.get("deps"), c.get("ctx"), c.req.valid("param").signoffId), 200),
  );
  app.openapi(routes.checklist, async (c) =>
    c.json(await signoffChecklist(c.get("deps"), c.get("ctx"), c.req.valid("param").signoffId), 200),
  );
  app.openapi(routes.report, async (c) => {
    const deps = c.get("deps");
    const signed = await getSignoff(deps, c.get("ctx"), c.req.valid("param").signoffId);
    const lang = c.req.valid("query").lang ?? "ja";
    const pdf = await renderAssessmentReport(signed, lang, resolvePdfFonts(deps.pdfFont));
    c.header("Content-Type", "application/pdf");
    c.header("Content-Disposition", `attachment; filename="self-assessment-${signed.productId}.${lang}.pdf"`);
    return c.body(new Uint8Array(pdf), 200);
  });
}
