import { createRoute, z } from "@hono/zod-openapi";
import { AppError, fileProbeRunBody } from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, idParam, jsonResponse } from "../schemas.ts";
import { bodyInOneBuffer } from "./read-body.ts";

/** Probe runs carry their logs: they may be far larger than other JSON bodies. */
export const MAX_RUN_BYTES = 64 * 1024 * 1024;

const r = {
  file: createRoute({
    method: "post",
    path: "/api/products/{productId}/probe-runs",
    tags: ["device tests"],
    summary:
      "File a probe run (jcstar probe run --json output) as device-test evidence / 実機テスト結果の登録",
    request: {
      params: idParam("productId"),
      body: {
        required: true,
        description: "The results JSON written by `jcstar probe run --json FILE` or `jcstar probe import …`.",
        // A plain schema (not zod): the route reads and size-limits the body itself instead of the JSON validator.
        content: {
          "application/json": {
            schema: { type: "object" as const, description: "RunResult (see docs/device-profile.md)" },
          },
        },
      },
    },
    responses: {
      201: jsonResponse(
        z.object({
          runId: z.string(),
          evidenceIds: z.array(z.string()),
          results: z.number(),
          verdicts: z.array(z.object({ test: z.string(), verdict: z.string() })),
        }),
        "Filed",
      ),
      ...errorResponses(400, 404, 413, 415),
    },
  }),
};

export function registerDeviceTests(app: App): void {
  app.openapi(r.file, async (c) => {
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/json\b/i.test(type)) {
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", { type: type || "(none)", expected: "application/json" });
    }
    // One Buffer, read without copies; logs and findings stay bytes of it (fileProbeRunBody): ~1× the body in memory.
    const body = await bodyInOneBuffer(c, MAX_RUN_BYTES);
    return c.json(await fileProbeRunBody(c.get("deps"), c.get("ctx"), c.req.param("productId"), body), 201);
  });
}
