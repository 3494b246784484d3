import { createRoute, z } from "@hono/zod-openapi";
import { fileGuidedTest, guidedTestSchema, listGuides } from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, i18nText, idParam, jsonBody, jsonResponse } from "../schemas.ts";

const guide = z
  .object({
    criterion: z.string(),
    title: i18nText,
    intro: i18nText,
    steps: z.array(z.object({ id: z.string(), instruction: i18nText, evidence: i18nText.optional() })),
  })
  .openapi("Guide");

const r = {
  guides: createRoute({
    method: "get",
    path: "/api/guides",
    tags: ["device tests"],
    summary: "Guided manual tests: step lists per criterion (ja/en) / 手動試験の手順",
    responses: {
      200: jsonResponse(z.array(guide), "Every guide (the same data `jcstar probe guide` walks)"),
    },
  }),
  file: createRoute({
    method: "post",
    path: "/api/products/{productId}/guided-tests",
    tags: ["device tests"],
    summary: "File a walked guided test as device-test evidence / 手動試験の結果を証跡として登録",
    request: {
      params: idParam("productId"),
      body: jsonBody(
        guidedTestSchema,
        "Tester, times and per step the result, a note and the evidence ids of photos/videos uploaded first " +
          "with POST /api/evidence/files.",
      ),
    },
    responses: {
      201: jsonResponse(
        z.object({
          evidenceIds: z.array(z.string()),
          results: z.number(),
          verdicts: z.array(z.object({ test: z.string(), verdict: z.string() })),
          verdict: z.string(),
          criterion: z.string(),
        }),
        "Filed",
      ),
      ...errorResponses(400, 404),
    },
  }),
};

export function registerGuidedTests(app: App): void {
  app.openapi(r.guides, (c) => c.json([...listGuides()], 200));
  app.openapi(r.file, async (c) => {
    const caller = c.get("caller");
    // Filed in a browser session: a web run; with an API token (`jcstar probe guide --upload`): an upload.
    const fromWeb = caller.kind === "user" && caller.via === "session";
    const { productId } = c.req.valid("param");
    return c.json(
      await fileGuidedTest(c.get("deps"), c.get("ctx"), productId, c.req.valid("json"), { fromWeb }),
      201,
    );
  });
}
