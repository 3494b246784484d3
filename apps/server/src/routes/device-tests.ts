import { createRoute, z } from "@hono/zod-openapi";
import { AppError, assertSafeJson, fileProbeRun } from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, idParam, jsonResponse } from "../schemas.ts";

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
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of (c.req.raw.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > MAX_RUN_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", { limit: MAX_RUN_BYTES });
      chunks.push(Buffer.from(chunk));
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      throw new AppError("MALFORMED_JSON");
    }
    assertSafeJson(body);
    return c.json(await fileProbeRun(c.get("deps"), c.get("ctx"), c.req.param("productId"), body), 201);
  });
}
