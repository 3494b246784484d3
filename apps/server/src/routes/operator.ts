import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import {
  APPLICATION_STATES,
  AppError,
  type OperatorCtx,
  operatorApplication,
  operatorAttachment,
  operatorQueue,
  operatorTransition,
  readBlob,
  transitionSchema,
} from "@jcstar/core";
import type { Context } from "hono";
import type { App, AppEnv } from "../app-env.ts";
import { publicRegistryChanged } from "../registry-export/registry-changed.ts";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../schemas.ts";
import { operatorApplicationView, queuedApplication } from "../schemas-applications.ts";
import { DOWNLOAD_CSP } from "../security-headers.ts";
import { signedInUser } from "./caller.ts";

const applicationId = idParam("applicationId");

const r = {
  queue: createRoute({
    method: "get",
    path: "/api/operator/applications",
    tags: ["operator"],
    summary: "Applications submitted to this registry / 受付済み申請の一覧（審査窓口）",
    request: {
      query: z.object({
        state: z
          .enum(APPLICATION_STATES)
          .optional()
          .openapi({ param: { name: "state", in: "query" } }),
        scope: z
          .enum(["open", "all"])
          .optional()
          .openapi({
            param: { name: "scope", in: "query" },
            description: "open (default): waiting for the registry; all: every submitted application",
          }),
      }),
    },
    responses: {
      200: jsonResponse(z.array(queuedApplication), "Oldest submission first"),
      ...errorResponses(401, 403),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/api/operator/applications/{applicationId}",
    tags: ["operator"],
    summary: "A submitted application with its frozen checklist / 申請（凍結されたチェックリスト）",
    request: { params: applicationId },
    responses: {
      200: jsonResponse(operatorApplicationView, "The application"),
      ...errorResponses(401, 403, 404),
    },
  }),
  transition: createRoute({
    method: "post",
    path: "/api/operator/applications/{applicationId}/transitions",
    tags: ["operator"],
    summary:
      "Accept, return, request evidence, invoice, issue, revoke / 受理・差戻し・証跡要求・請求・発行・取消",
    request: { params: applicationId, body: jsonBody(transitionSchema) },
    responses: {
      200: jsonResponse(operatorApplicationView, "After the step"),
      ...errorResponses(400, 401, 403, 404, 409, 422),
    },
  }),
  attachment: createRoute({
    method: "get",
    path: "/api/operator/applications/{applicationId}/attachments/{evidenceId}",
    tags: ["operator"],
    summary: "A file the maker sent with the application / 申請者からの添付ファイル",
    request: { params: applicationId.extend(idParam("evidenceId").shape) },
    responses: { 200: { description: "The file as stored" }, ...errorResponses(401, 403, 404, 410) },
  }),
};

function operatorOf(c: Context<AppEnv>): OperatorCtx {
  const user = signedInUser(c);
  return { actor: { id: user.id, name: user.name }, lang: c.get("lang") };
}

export function registerOperator(app: App): void {
  app.openapi(r.queue, async (c) =>
    c.json(await operatorQueue(c.get("deps"), operatorOf(c), c.req.valid("query")), 200),
  );
  app.openapi(r.get, async (c) =>
    c.json(await operatorApplication(c.get("deps"), operatorOf(c), c.req.valid("param").applicationId), 200),
  );
  app.openapi(r.transition, async (c) => {
    const view = await operatorTransition(
      // A label issued here points its QR code at the configured public URL (settings/public-url.ts).
      c.get("deps"),
      operatorOf(c),
      c.req.valid("param").applicationId,
      c.req.valid("json"),
    );
    // Issuing or revoking changes public pages: drop the cached copies at once.
    await publicRegistryChanged(c.get("deps"));
    return c.json(view, 200);
  });
  app.openapi(r.attachment, async (c) => {
    const { applicationId: id, evidenceId } = c.req.valid("param");
    const e = await operatorAttachment(c.get("deps"), operatorOf(c), id, evidenceId);
    if (e.deletedAt) throw new AppError("EVIDENCE_DELETED", { id: e.id });
    if (!e.file) throw new AppError("NOT_FOUND", { entity: "File", id: e.id });
    c.header("Content-Type", e.file.mediaType);
    c.header("Content-Length", String(e.file.size));
    c.header(
      "Content-Disposition",
      `attachment; filename*=UTF-8''${encodeURIComponent(e.file.originalName ?? e.file.sha256)}`,
    );
    c.header("X-Content-SHA256", e.file.sha256);
    c.header("Content-Security-Policy", DOWNLOAD_CSP);
    return c.body(Readable.toWeb(readBlob(c.get("deps").blobs, e.file.sha256)) as ReadableStream, 200);
  });
}
