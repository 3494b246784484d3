import { createRoute, z } from "@hono/zod-openapi";
import {
  CLAIM_SEVERITIES,
  checkProductClaims,
  claimsCheckSchema,
  DOCUMENT_KINDS,
  IPA_LABEL_STATUSES,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, i18nText, idParam, jsonBody, jsonResponse, sourceRef } from "../schemas.ts";

const span = z.object({ start: z.number().int(), end: z.number().int(), text: z.string() });

const claimFinding = z
  .object({
    ruleId: z.string(),
    severity: z.enum(CLAIM_SEVERITIES),
    title: i18nText,
    explanation: i18nText,
    sources: z.array(sourceRef),
    unverifiedMark: z.union([i18nText, z.null()]),
    sentence: span,
    match: span,
    expected: z.string().nullable(),
  })
  .openapi("ClaimFinding");

const claimsCheck = z
  .object({
    productId: z.string(),
    applicationId: z.string().nullable(),
    context: z.object({
      acceptanceNumber: z.string().nullable(),
      registrationNumber: z.string().nullable(),
      labelStatus: z.enum(IPA_LABEL_STATUSES).nullable(),
      labelExpiresOn: z.string().nullable(),
      labelledModels: z.array(z.string()),
      productModels: z.array(z.string()),
    }),
    text: z.string(),
    document: z.enum(DOCUMENT_KINDS).nullable(),
    findings: z.array(claimFinding),
  })
  .openapi("ClaimsCheck");

const r = {
  check: createRoute({
    method: "post",
    path: "/api/products/{productId}/claims/check",
    tags: ["claims"],
    summary: "Check marketing text or a generated document against the label-use rules / 表示・宣伝文の確認",
    request: { params: idParam("productId"), body: jsonBody(claimsCheckSchema) },
    responses: {
      200: jsonResponse(claimsCheck, "The findings; nothing is stored"),
      ...errorResponses(400, 404, 413),
    },
  }),
};

export function registerClaims(app: App): void {
  app.openapi(r.check, async (c) =>
    c.json(
      await checkProductClaims(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").productId,
        c.req.valid("json"),
      ),
      200,
    ),
  );
}
