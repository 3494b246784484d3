import { createRoute, z } from "@hono/zod-openapi";
import {
  currentStatusList,
  exportCsv,
  exportLabels,
  getLabel,
  getLabelPayload,
  LABEL_STATUSES,
  labelClaimSchema,
  labelPng,
  labelSvg,
  publicJwks,
  publicLabel,
  registryPublicUrl,
  searchLabels,
} from "@jcstar/core";
import { decodeJwt } from "jose";
import type { App } from "../app-env.ts";
import { cachedPng } from "../public/artwork-cache.ts";
import { cachedResponse } from "../public/cache.ts";
import { cachedPage } from "../public/page-cache.ts";
import { errorResponses, jsonResponse } from "../schemas.ts";

const labelFields = z.object({
  registrationNumber: z.string(),
  starLevel: z.number().int(),
  product: z.string(),
  maker: z.string(),
  modelNumbers: z.array(z.string()),
  validFrom: z.string(),
  validUntil: z.string(),
  status: z.enum(LABEL_STATUSES),
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
  productId: z.string().nullable(),
  applicationId: z.string().nullable(),
  keyId: z.string(),
  issuedAt: z.string(),
});
/** A label as the operator sees it. */
export const labelSchema = labelFields.openapi("Label");
/** A label as the public registry shows it (no application id). */
const publicLabelSchema = labelFields.omit({ applicationId: true }).openapi("PublicLabel");

const regParam = z.object({
  registrationNumber: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "registrationNumber", in: "path" }, example: "JCS-2026-000001" }),
});

const searchQuery = z.object({
  q: z
    .string()
    .max(100)
    .optional()
    .openapi({ param: { name: "q", in: "query" } }),
  status: z
    .enum(LABEL_STATUSES)
    .optional()
    .openapi({ param: { name: "status", in: "query" } }),
  page: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional()
    .openapi({ param: { name: "page", in: "query" } }),
  limit: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional()
    .openapi({ param: { name: "limit", in: "query" } }),
});

const jwkSet = z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).openapi("JwkSet");
const text = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: z.string() } },
});

const r = {
  search: createRoute({
    method: "get",
    path: "/api/registry/labels",
    tags: ["registry"],
    summary: "Search the public label registry / ラベル登録簿の検索",
    request: { query: searchQuery },
    responses: {
      200: jsonResponse(
        z.object({
          items: z.array(publicLabelSchema),
          page: z.number(),
          limit: z.number(),
          hasMore: z.boolean(),
        }),
        "Labels by registration number",
      ),
      ...errorResponses(400),
    },
  }),
  one: createRoute({
    method: "get",
    path: "/api/registry/labels/{registrationNumber}",
    tags: ["registry"],
    summary: "One label by registration number / 登録番号で照会",
    request: { params: regParam },
    responses: {
      200: jsonResponse(publicLabelSchema, "The label (status computed now)"),
      ...errorResponses(404),
    },
  }),
  payload: createRoute({
    method: "get",
    path: "/api/registry/labels/{registrationNumber}/payload",
    tags: ["registry"],
    summary: "Signed label payload (compact JWS, EdDSA) / 署名付きラベルデータ",
    request: { params: regParam },
    responses: { 200: text("application/jose", "Compact JWS"), ...errorResponses(404) },
  }),
  svg: createRoute({
    method: "get",
    path: "/api/registry/labels/{registrationNumber}/label.svg",
    tags: ["registry"],
    summary: "Label artwork (SVG) / ラベル画像",
    request: { params: regParam },
    responses: { 200: text("image/svg+xml", "SVG"), ...errorResponses(404) },
  }),
  png: createRoute({
    method: "get",
    path: "/api/registry/labels/{registrationNumber}/label.png",
    tags: ["registry"],
    summary: "Label artwork (print-ready PNG) / ラベル画像（印刷用）",
    request: { params: regParam },
    responses: {
      200: {
        description: "PNG",
        content: { "image/png": { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...errorResponses(404),
    },
  }),
  status: createRoute({
    method: "get",
    path: "/api/registry/status-list",
    tags: ["registry"],
    summary: "Signed list of revoked labels (JWS, valid one day) / 署名付き失効リスト",
    responses: { 200: text("application/jose", "Compact JWS") },
  }),
  jwks: createRoute({
    method: "get",
    path: "/api/registry/jwks",
    tags: ["registry"],
    summary: "The registry's signing keys (same as /.well-known/jwks.json) / 署名鍵",
    responses: { 200: jsonResponse(jwkSet, "Every key, active and retired") },
  }),
  export: createRoute({
    method: "get",
    path: "/api/registry/export",
    tags: ["registry"],
    summary: "Every label, for procurement (JSON or CSV) / 全件ダウンロード",
    request: {
      query: z.object({
        format: z
          .enum(["json", "csv"])
          .default("json")
          .openapi({ param: { name: "format", in: "query" } }),
      }),
    },
    responses: {
      200: {
        description: "All labels",
        content: { "application/json": { schema: z.array(z.unknown()) }, "text/csv": { schema: z.string() } },
      },
      ...errorResponses(400),
    },
  }),
};

async function claimOf(c: Parameters<Parameters<App["openapi"]>[1]>[0], registrationNumber: string) {
  const payload = await getLabelPayload(c.get("deps").db, c.get("lang"), registrationNumber);
  return { payload, claim: labelClaimSchema.parse(decodeJwt(payload).label) };
}

/** The public registry API: no sign-in, cacheable (ETag + Cache-Control), 404 JSON for unknown numbers. */
export function registerRegistry(app: App): void {
  app.openapi(r.search, async (c) => {
    const deps = c.get("deps");
    const query = c.req.valid("query");
    return (await cachedPage(
      c,
      async () => {
        const result = await searchLabels(deps.db, query, deps.now());
        return { body: JSON.stringify({ ...result, items: result.items.map(publicLabel) }), status: 200 };
      },
      "application/json",
    )) as never;
  });
  app.openapi(r.one, async (c) => {
    const deps = c.get("deps");
    const label = await getLabel(deps, c.get("lang"), c.req.valid("param").registrationNumber);
    return cachedResponse(c, JSON.stringify(publicLabel(label)), "application/json") as never;
  });
  app.openapi(r.payload, async (c) => {
    const jws = await getLabelPayload(
      c.get("deps").db,
      c.get("lang"),
      c.req.valid("param").registrationNumber,
    );
    return cachedResponse(c, jws, "application/jose") as never;
  });
  app.openapi(r.svg, async (c) => {
    const { claim } = await claimOf(c, c.req.valid("param").registrationNumber);
    return cachedResponse(c, labelSvg(claim), "image/svg+xml") as never;
  });
  app.openapi(r.png, async (c) => {
    const { payload, claim } = await claimOf(c, c.req.valid("param").registrationNumber);
    return cachedResponse(
      c,
      cachedPng(payload, () => labelPng(claim)),
      "image/png",
    ) as never;
  });
  app.openapi(r.status, async (c) => {
    const jws = await currentStatusList(c.get("deps"));
    return cachedResponse(c, jws, "application/jose") as never;
  });
  app.openapi(
    r.jwks,
    async (c) =>
      cachedResponse(c, JSON.stringify(await publicJwks(c.get("deps").db)), "application/json") as never,
  );
  app.openapi(r.export, async (c) => {
    const deps = c.get("deps");
    const csv = c.req.valid("query").format === "csv";
    // The whole registry is built at most once per page-cache period, however often it is asked for.
    const res = await cachedPage(
      c,
      async () => {
        const rows = await exportLabels(deps.db, deps.now(), await registryPublicUrl(deps));
        return { body: csv ? exportCsv(rows) : JSON.stringify(rows), status: 200 };
      },
      csv ? "text/csv; charset=utf-8" : "application/json",
    );
    if (csv) res.headers.set("Content-Disposition", 'attachment; filename="registry.csv"');
    return res as never;
  });
}
