import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import {
  DOCUMENT_FORMATS,
  DOCUMENT_KINDS,
  documentInputsUpdateSchema,
  documentVersionFile,
  getDocumentInputs,
  listDocumentVersions,
  previewDocument,
  publishDocument,
  readBlob,
  updateDocumentInputs,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, i18nText, idParam, jsonBody, jsonResponse } from "../schemas.ts";
import { DOWNLOAD_CSP, PREVIEW_CSP } from "../security-headers.ts";

const kindParam = z.object({
  productId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "productId", in: "path" } }),
  kind: z.enum(DOCUMENT_KINDS).openapi({ param: { name: "kind", in: "path" } }),
});
const langParam = z
  .enum(["ja", "en"])
  .default("ja")
  .openapi({ param: { name: "lang", in: "query" } });

const storedInputs = z
  .object({
    productId: z.string(),
    data: z.record(z.string(), z.unknown()),
    version: z.number().int(),
    updatedAt: z.string().nullable(),
  })
  .openapi("DocumentInputs");

const fileSet = z.object({ md: z.string(), html: z.string(), pdf: z.string() });
const documentVersion = z
  .object({
    id: z.string(),
    productId: z.string(),
    kind: z.enum(DOCUMENT_KINDS),
    version: z.number().int(),
    number: z.string(),
    title: z.string(),
    files: z.object({ ja: fileSet, en: fileSet, securityTxt: z.string().nullable() }),
    evidenceIds: z.object({ ja: z.string(), en: z.string() }),
    publishedAt: z.string(),
    publishedBy: z.string().nullable(),
  })
  .openapi("DocumentVersion");

const preview = z
  .object({
    kind: z.enum(DOCUMENT_KINDS),
    lang: z.enum(["ja", "en"]),
    title: z.string(),
    number: z.string(),
    version: z.number().int(),
    markdown: z.string(),
    html: z.string(),
    missing: z.array(z.object({ key: z.string(), label: i18nText })),
    securityTxt: z
      .object({
        text: z.string(),
        problems: z.array(
          z.object({ line: z.number().int().nullable(), field: z.string().nullable(), message: i18nText }),
        ),
      })
      .nullable(),
  })
  .openapi("DocumentPreview");

const r = {
  getInputs: createRoute({
    method: "get",
    path: "/api/products/{productId}/documents/inputs",
    tags: ["documents"],
    summary: "Inputs of the generated documents / 文書の入力項目",
    request: { params: idParam("productId") },
    responses: {
      200: jsonResponse(storedInputs, "Stored inputs (version 0 = defaults)"),
      ...errorResponses(404),
    },
  }),
  putInputs: createRoute({
    method: "put",
    path: "/api/products/{productId}/documents/inputs",
    tags: ["documents"],
    summary: "Save the document inputs (optimistic version) / 文書の入力項目の保存",
    request: { params: idParam("productId"), body: jsonBody(documentInputsUpdateSchema) },
    responses: { 200: jsonResponse(storedInputs, "Saved"), ...errorResponses(400, 404, 409) },
  }),
  preview: createRoute({
    method: "get",
    path: "/api/products/{productId}/documents/{kind}/preview",
    tags: ["documents"],
    summary: "Preview a document without publishing / 文書のプレビュー",
    request: { params: kindParam, query: z.object({ lang: langParam }) },
    responses: { 200: jsonResponse(preview, "Rendered, nothing stored"), ...errorResponses(400, 404) },
  }),
  previewHtml: createRoute({
    method: "get",
    path: "/api/products/{productId}/documents/{kind}/preview.html",
    tags: ["documents"],
    summary: "The HTML a publish would store, for a sandboxed frame / 文書のプレビュー（HTML）",
    request: { params: kindParam, query: z.object({ lang: langParam }) },
    responses: {
      200: {
        description:
          "The document's HTML, under a policy that runs nothing and may be framed only by this app",
        content: { "text/html": { schema: z.string() } },
      },
      ...errorResponses(400, 404),
    },
  }),
  publish: createRoute({
    method: "post",
    path: "/api/products/{productId}/documents/{kind}/versions",
    tags: ["documents"],
    summary: "Publish a new version (stored as evidence) / 文書の版の発行",
    request: { params: kindParam },
    responses: { 201: jsonResponse(documentVersion, "Published"), ...errorResponses(400, 404, 409, 422) },
  }),
  versions: createRoute({
    method: "get",
    path: "/api/products/{productId}/documents/versions",
    tags: ["documents"],
    summary: "Published versions, newest first / 文書の版の履歴",
    request: { params: idParam("productId") },
    responses: { 200: jsonResponse(z.array(documentVersion), "Versions"), ...errorResponses(404) },
  }),
  file: createRoute({
    method: "get",
    path: "/api/document-versions/{versionId}/file",
    tags: ["documents"],
    summary: "Download a published version (md, html, pdf) or its security.txt / 文書のダウンロード",
    request: {
      params: idParam("versionId"),
      query: z.object({
        lang: langParam,
        format: z
          .enum([...DOCUMENT_FORMATS, "security.txt"])
          .default("pdf")
          .openapi({ param: { name: "format", in: "query" } }),
      }),
    },
    responses: {
      200: {
        description: "The file",
        content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...errorResponses(400, 404),
    },
  }),
};

export function registerDocuments(app: App): void {
  app.openapi(r.getInputs, async (c) =>
    c.json(await getDocumentInputs(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(r.putInputs, async (c) =>
    c.json(
      await updateDocumentInputs(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").productId,
        c.req.valid("json"),
      ),
      200,
    ),
  );
  app.openapi(r.preview, async (c) => {
    const { productId, kind } = c.req.valid("param");
    return c.json(
      await previewDocument(c.get("deps"), c.get("ctx"), productId, kind, c.req.valid("query").lang),
      200,
    );
  });
  app.openapi(r.previewHtml, async (c) => {
    const { productId, kind } = c.req.valid("param");
    const preview = await previewDocument(
      c.get("deps"),
      c.get("ctx"),
      productId,
      kind,
      c.req.valid("query").lang,
    );
    c.header("Content-Type", "text/html; charset=utf-8");
    c.header("Content-Security-Policy", PREVIEW_CSP);
    c.header("X-Frame-Options", "SAMEORIGIN");
    c.header("Cache-Control", "no-store");
    return c.body(preview.html, 200);
  });
  app.openapi(r.publish, async (c) => {
    const { productId, kind } = c.req.valid("param");
    return c.json(await publishDocument(c.get("deps"), c.get("ctx"), productId, kind), 201);
  });
  app.openapi(r.versions, async (c) =>
    c.json(await listDocumentVersions(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(r.file, async (c) => {
    const { lang, format } = c.req.valid("query");
    const f = await documentVersionFile(
      c.get("deps"),
      c.get("ctx"),
      c.req.valid("param").versionId,
      lang,
      format,
    );
    c.header("Content-Type", f.mediaType);
    c.header("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
    c.header("X-Content-SHA256", f.sha256);
    c.header("Content-Security-Policy", DOWNLOAD_CSP);
    return c.body(Readable.toWeb(readBlob(c.get("deps").blobs, f.sha256)) as ReadableStream, 200);
  });
}
