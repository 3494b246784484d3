import type { IncomingMessage } from "node:http";
import { createRoute, z } from "@hono/zod-openapi";
import {
  AppError,
  buildAssessmentSnapshot,
  buildChecklistWorkbook,
  defaultTemplateMapping,
  fillChecklistTemplate,
  templateMappingSchema,
} from "@jcstar/core";
import type { Context } from "hono";
import type { App, AppEnv } from "../app-env.ts";
import { errorResponses, idParam, jsonResponse } from "../schemas.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** An official checklist template is a few hundred kilobytes; anything much larger is not one. */
const MAX_TEMPLATE_BYTES = 20 * 1024 * 1024;

const column = (name: string) =>
  z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name, in: "query" } });

const xlsxResponse = {
  description: "The workbook",
  content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } },
};

const r = {
  download: createRoute({
    method: "get",
    path: "/api/products/{productId}/checklist",
    tags: ["checklist"],
    summary: "Checklist workbook (xlsx, Japanese) from the current assessment / チェックリストの出力",
    request: { params: idParam("productId") },
    responses: { 200: xlsxResponse, ...errorResponses(404) },
  }),
  mapping: createRoute({
    method: "get",
    path: "/api/checklist/template-mapping",
    tags: ["checklist"],
    summary: "Default column mapping of the official template / 公式テンプレートの列対応",
    responses: { 200: jsonResponse(templateMappingSchema, "The mapping (data)") },
  }),
  fill: createRoute({
    method: "post",
    path: "/api/products/{productId}/checklist/template",
    tags: ["checklist"],
    summary: "Fill the uploaded official checklist template / 公式チェックリストへの記入",
    description:
      "Body: the official workbook (xlsx). Query parameters override the mapping: each column is letters (F) or " +
      "the text its header starts with. Missing or duplicated criterion ids → 422 CHECKLIST_IDS_MISMATCH with one " +
      "detail per id, and nothing is written.",
    request: {
      params: idParam("productId"),
      query: z.object({
        sheet: column("sheet"),
        id: column("id"),
        result: column("result"),
        naReason: column("naReason"),
        documentEvidence: column("documentEvidence"),
        deviceEvidence: column("deviceEvidence"),
      }),
    },
    responses: { 200: xlsxResponse, ...errorResponses(400, 404, 413, 422) },
  }),
};

async function readBody(c: Context<AppEnv>): Promise<Buffer> {
  const length = Number(c.req.header("content-length") ?? "0");
  if (length > MAX_TEMPLATE_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", { limit: MAX_TEMPLATE_BYTES });
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const body =
    incoming && !incoming.readableEnded
      ? (incoming as AsyncIterable<Uint8Array>)
      : (c.req.raw.body as unknown as AsyncIterable<Uint8Array> | null);
  if (!body) throw new AppError("INVALID_WORKBOOK", { reason: "empty body" });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > MAX_TEMPLATE_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", { limit: MAX_TEMPLATE_BYTES });
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function sendXlsx(c: Context<AppEnv>, xlsx: Buffer, name: string) {
  c.header("Content-Type", XLSX);
  c.header("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
  return c.body(new Uint8Array(xlsx), 200);
}

export function registerChecklist(app: App): void {
  app.openapi(r.download, async (c) => {
    const deps = c.get("deps");
    const { productId } = c.req.valid("param");
    const snapshot = await buildAssessmentSnapshot(deps, c.get("ctx"), productId);
    return sendXlsx(c, await buildChecklistWorkbook(snapshot, deps.catalog), `checklist-${productId}.xlsx`);
  });
  app.openapi(r.mapping, async (c) => c.json(defaultTemplateMapping(), 200));
  app.openapi(r.fill, async (c) => {
    const deps = c.get("deps");
    const { productId } = c.req.valid("param");
    const q = c.req.valid("query");
    const base = defaultTemplateMapping();
    const mapping = templateMappingSchema.parse({
      ...base,
      ...(q.sheet ? { sheet: q.sheet } : {}),
      ...(q.id ? { id: q.id } : {}),
      columns: {
        ...base.columns,
        ...Object.fromEntries(
          (["result", "naReason", "documentEvidence", "deviceEvidence"] as const)
            .filter((k) => q[k] !== undefined)
            .map((k) => [k, q[k] || undefined]),
        ),
      },
    });
    // The assessment is read before the body so an unknown product fails fast.
    const snapshot = await buildAssessmentSnapshot(deps, c.get("ctx"), productId);
    const { xlsx, report } = await fillChecklistTemplate(snapshot, deps.catalog, await readBody(c), mapping);
    c.header("X-Jcstar-Filled-Cells", String(report.cells.length));
    return sendXlsx(c, xlsx, `checklist-filled-${productId}.xlsx`);
  });
}
