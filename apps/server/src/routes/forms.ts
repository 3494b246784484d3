import { createRoute, z } from "@hono/zod-openapi";
import {
  AppError,
  applicationFormUpdateSchema,
  formDocuments,
  getApplicationForm,
  renderPdfBuffer,
  resolvePdfFonts,
  saveApplicationForm,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { applicationForm, errorResponses, idParam, jsonBody, jsonResponse } from "../schemas.ts";

const docParams = idParam("productId").extend({
  name: z
    .enum(["application-form", "form-2-1-confirmation", "form-2-3-power-of-attorney"])
    .openapi({ param: { name: "name", in: "path" } }),
});
const docQuery = z.object({
  format: z
    .enum(["html", "pdf"])
    .optional()
    .openapi({ param: { name: "format", in: "query" } }),
  lang: z
    .enum(["ja", "en"])
    .optional()
    .openapi({ param: { name: "lang", in: "query" } }),
});

const routes = {
  get: createRoute({
    method: "get",
    path: "/api/products/{productId}/application-form",
    tags: ["forms"],
    summary: "Application-form inputs of a product, with what is missing / 申請書の入力内容",
    request: { params: idParam("productId") },
    responses: { 200: jsonResponse(applicationForm, "The form"), ...errorResponses(404) },
  }),
  save: createRoute({
    method: "put",
    path: "/api/products/{productId}/application-form",
    tags: ["forms"],
    summary: "Save the application form (send the version you read; 0 the first time) / 申請書の保存",
    request: { params: idParam("productId"), body: jsonBody(applicationFormUpdateSchema) },
    responses: { 200: jsonResponse(applicationForm, "Saved"), ...errorResponses(400, 404, 409, 413, 415) },
  }),
  document: createRoute({
    method: "get",
    path: "/api/products/{productId}/application-form/documents/{name}",
    tags: ["forms"],
    summary: "A printable form (HTML or PDF) / 印刷用の申請書類",
    request: { params: docParams, query: docQuery },
    responses: {
      200: {
        description: "The form",
        content: {
          "text/html": { schema: z.string() },
          "application/pdf": { schema: z.string().openapi({ format: "binary" }) },
        },
      },
      ...errorResponses(404, 503),
    },
  }),
};

export function registerForms(app: App): void {
  app.openapi(routes.get, async (c) =>
    c.json(await getApplicationForm(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(routes.save, async (c) =>
    c.json(
      await saveApplicationForm(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").productId,
        c.req.valid("json"),
      ),
      200,
    ),
  );
  app.openapi(routes.document, async (c) => {
    const deps = c.get("deps");
    const { productId, name } = c.req.valid("param");
    const { format = "html", lang = "ja" } = c.req.valid("query");
    const view = await getApplicationForm(deps, c.get("ctx"), productId);
    const doc = formDocuments(view, lang, deps.now()).find((d) => d.name === name);
    if (!doc) throw new AppError("NOT_FOUND", { entity: lang === "ja" ? "書類" : "Form", id: name });
    if (format === "html") {
      c.header("Content-Type", "text/html; charset=utf-8");
      c.header("Content-Disposition", `attachment; filename="${name}.html"`);
      return c.body(doc.html, 200);
    }
    const pdf = await renderPdfBuffer(doc.pdf, resolvePdfFonts(deps.pdfFont));
    c.header("Content-Type", "application/pdf");
    c.header("Content-Disposition", `attachment; filename="${name}.pdf"`);
    return c.body(new Uint8Array(pdf), 200);
  });
}
