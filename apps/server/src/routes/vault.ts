import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import {
  AppError,
  checkpoint,
  deleteEvidence,
  evidenceCreateSchema,
  evidenceHistory,
  FILE_KINDS,
  getEvidence,
  readBlob,
  reviseEvidence,
  reviseEvidenceFile,
  uploadEvidence,
  verifyVault,
} from "@jcstar/core";
import type { Context } from "hono";
import type { App, AppEnv } from "../app-env.ts";
import { errorResponses, evidence, idParam, jsonBody, jsonResponse } from "../schemas.ts";
import { DOWNLOAD_CSP } from "../security-headers.ts";

const fileQuery = z.object({
  kind: z.enum(FILE_KINDS).openapi({ param: { name: "kind", in: "query" } }),
  summary: z
    .string()
    .max(5000)
    .optional()
    .openapi({ param: { name: "summary", in: "query" } }),
  fileName: z
    .string()
    .max(1000)
    .optional()
    .openapi({ param: { name: "fileName", in: "query" } }),
  productId: z
    .string()
    .max(64)
    .optional()
    .openapi({ param: { name: "productId", in: "query" } }),
  criterion: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ param: { name: "criterion", in: "query", style: "form", explode: true }, example: "S1.1-13" }),
  title: z
    .string()
    .max(300)
    .optional()
    .openapi({ param: { name: "title", in: "query" } }),
  documentName: z
    .string()
    .max(300)
    .optional()
    .openapi({ param: { name: "documentName", in: "query" } }),
  documentNumber: z
    .string()
    .max(100)
    .optional()
    .openapi({ param: { name: "documentNumber", in: "query" } }),
  documentVersion: z
    .string()
    .max(100)
    .optional()
    .openapi({ param: { name: "documentVersion", in: "query" } }),
  location: z
    .string()
    .max(300)
    .optional()
    .openapi({ param: { name: "location", in: "query" } }),
  testedOn: z
    .string()
    .max(10)
    .optional()
    .openapi({ param: { name: "testedOn", in: "query" } }),
  tester: z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name: "tester", in: "query" } }),
});

const rawBody = {
  required: true,
  description: "The file itself, streamed (any media type; the type is sniffed from the content).",
  content: {
    "application/octet-stream": { schema: z.string().openapi({ type: "string", format: "binary" }) },
  },
};

const verifyReport = z
  .object({
    ok: z.boolean(),
    entries: z.number(),
    evidence: z.number(),
    files: z.number(),
    checkpoints: z.number(),
    problems: z.array(z.object({ code: z.string(), ref: z.string(), detail: z.string() })),
  })
  .openapi("VerifyReport");

const r = {
  upload: createRoute({
    method: "post",
    path: "/api/evidence/files",
    tags: ["evidence"],
    summary: "Upload an evidence file (raw body, streamed) / 証跡ファイルのアップロード",
    request: { query: fileQuery, body: rawBody },
    responses: { 201: jsonResponse(evidence, "Stored and recorded"), ...errorResponses(400, 404, 413, 507) },
  }),
  download: createRoute({
    method: "get",
    path: "/api/evidence/{evidenceId}/file",
    tags: ["evidence"],
    summary: "Download the file of an evidence record / 証跡ファイルの取得",
    request: { params: idParam("evidenceId") },
    responses: { 200: { description: "The file as stored" }, ...errorResponses(404, 410) },
  }),
  history: createRoute({
    method: "get",
    path: "/api/evidence/{evidenceId}/history",
    tags: ["evidence"],
    summary: "Every revision, oldest first / 改訂履歴",
    request: { params: idParam("evidenceId") },
    responses: { 200: jsonResponse(z.array(evidence), "Revisions"), ...errorResponses(404) },
  }),
  revise: createRoute({
    method: "post",
    path: "/api/evidence/{evidenceId}/revisions",
    tags: ["evidence"],
    summary: "Correct a record: a new revision / 証跡の訂正（新しい版）",
    request: { params: idParam("evidenceId"), body: jsonBody(evidenceCreateSchema) },
    responses: { 201: jsonResponse(evidence, "The new revision"), ...errorResponses(400, 404, 409, 410) },
  }),
  reviseFile: createRoute({
    method: "post",
    path: "/api/evidence/{evidenceId}/revisions/file",
    tags: ["evidence"],
    summary: "Correct a file: a new revision with a new file / 証跡ファイルの差し替え（新しい版）",
    request: { params: idParam("evidenceId"), query: fileQuery, body: rawBody },
    responses: {
      201: jsonResponse(evidence, "The new revision"),
      ...errorResponses(400, 404, 409, 410, 413, 507),
    },
  }),
  remove: createRoute({
    method: "delete",
    path: "/api/evidence/{evidenceId}",
    tags: ["evidence"],
    summary: "Delete after the retention period (audited) / 保管期限後の削除",
    request: { params: idParam("evidenceId") },
    responses: { 204: { description: "Deleted" }, ...errorResponses(404, 409, 410) },
  }),
  verify: createRoute({
    method: "post",
    path: "/api/vault/verify",
    tags: ["evidence"],
    summary: "Re-hash every file and walk the audit chain / 証跡の完全性検証",
    responses: {
      200: jsonResponse(verifyReport, "The report (ok false lists every problem)"),
      ...errorResponses(401, 403),
    },
  }),
};

function metaFromQuery(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  const single = (name: string) => url.searchParams.get(name) ?? undefined;
  return Object.fromEntries(
    Object.entries({
      kind: single("kind"),
      summary: single("summary"),
      fileName: single("fileName") ?? c.req.header("x-file-name"),
      productId: single("productId"),
      criterion: url.searchParams.getAll("criterion"),
      title: single("title"),
      documentName: single("documentName"),
      documentNumber: single("documentNumber"),
      documentVersion: single("documentVersion"),
      location: single("location"),
      testedOn: single("testedOn"),
      tester: single("tester"),
    }).filter(([, v]) => v !== undefined),
  );
}

function bodyOf(c: Context<AppEnv>) {
  const length = Number(c.req.header("content-length") ?? "0");
  const max = c.get("deps").maxUploadBytes;
  if (length > max) throw new AppError("PAYLOAD_TOO_LARGE", { limit: max });
  // Under Node, read the request itself: much faster than the web-stream wrapper around it (tests use the wrapper).
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming && !incoming.readableEnded) return incoming as AsyncIterable<Uint8Array>;
  const stream = c.req.raw.body;
  if (!stream) {
    throw new AppError("VALIDATION_FAILED", {}, [
      { path: "body", message: { ja: "ファイルがありません。", en: "The file is missing." } },
    ]);
  }
  return stream as unknown as AsyncIterable<Uint8Array>;
}

export function registerVault(app: App): void {
  app.openapi(r.upload, async (c) =>
    c.json(await uploadEvidence(c.get("deps"), c.get("ctx"), metaFromQuery(c), bodyOf(c)), 201),
  );
  app.openapi(r.download, async (c) => {
    const e = await getEvidence(c.get("deps"), c.get("ctx"), c.req.valid("param").evidenceId);
    if (e.deletedAt) throw new AppError("EVIDENCE_DELETED", { id: e.id });
    if (!e.file) throw new AppError("NOT_FOUND", { entity: "File", id: e.id });
    const name = encodeURIComponent(e.file.originalName ?? e.file.sha256);
    c.header("Content-Type", e.file.mediaType);
    c.header("Content-Length", String(e.file.size));
    c.header("Content-Disposition", `attachment; filename*=UTF-8''${name}`);
    c.header("X-Content-SHA256", e.file.sha256);
    c.header("Content-Security-Policy", DOWNLOAD_CSP);
    return c.body(Readable.toWeb(readBlob(c.get("deps").blobs, e.file.sha256)) as ReadableStream, 200);
  });
  app.openapi(r.history, async (c) =>
    c.json(await evidenceHistory(c.get("deps"), c.get("ctx"), c.req.valid("param").evidenceId), 200),
  );
  app.openapi(r.revise, async (c) =>
    c.json(
      await reviseEvidence(c.get("deps"), c.get("ctx"), c.req.valid("param").evidenceId, c.req.valid("json")),
      201,
    ),
  );
  app.openapi(r.reviseFile, async (c) =>
    c.json(
      await reviseEvidenceFile(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").evidenceId,
        metaFromQuery(c),
        bodyOf(c),
      ),
      201,
    ),
  );
  app.openapi(r.remove, async (c) => {
    await deleteEvidence(c.get("deps"), c.get("ctx"), c.req.valid("param").evidenceId);
    return c.body(null, 204);
  });
  app.openapi(r.verify, async (c) => {
    const deps = c.get("deps");
    await checkpoint(deps.db, deps.signer, deps.now());
    return c.json(await verifyVault(deps.db, deps.blobs, deps.now()), 200);
  });
}
