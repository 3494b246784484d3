import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createRoute, z } from "@hono/zod-openapi";
import { AppError, importBundle, writeEvidenceBundle } from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, idParam, jsonResponse } from "../schemas.ts";
import { DOWNLOAD_CSP } from "../security-headers.ts";

const r = {
  bundle: createRoute({
    method: "get",
    path: "/api/products/{productId}/evidence-bundle",
    tags: ["evidence"],
    summary: "Evidence bundle (ZIP) for an IPA request / 証跡バンドルの作成",
    request: {
      params: idParam("productId"),
      query: z.object({
        criterion: z
          .union([z.string(), z.array(z.string())])
          .optional()
          .openapi({ param: { name: "criterion", in: "query", style: "form", explode: true } }),
      }),
    },
    responses: {
      200: {
        description: "The ZIP",
        content: { "application/zip": { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...errorResponses(404),
    },
  }),
  importBundle: createRoute({
    method: "post",
    path: "/api/evidence-bundles/import",
    tags: ["evidence"],
    summary: "Import a verified bundle into this organisation / 証跡バンドルの取り込み",
    request: {
      body: {
        required: true,
        content: { "application/zip": { schema: z.string().openapi({ format: "binary" }) } },
      },
    },
    responses: {
      201: jsonResponse(z.object({ imported: z.number(), files: z.number() }), "Imported"),
      ...errorResponses(400, 413, 422),
    },
  }),
};

export function registerBundles(app: App): void {
  app.openapi(r.bundle, async (c) => {
    const deps = c.get("deps");
    const { productId } = c.req.valid("param");
    const criteria = new URL(c.req.url).searchParams.getAll("criterion");
    const out = new PassThrough();
    // Fails before any byte is sent when the product or a criterion is unknown.
    const written = writeEvidenceBundle(deps, c.get("ctx"), productId, criteria, out);
    // An unknown product or criterion rejects before the first byte, and becomes a normal error response.
    await Promise.race([written, once(out, "readable")]);
    written.catch((error) => out.destroy(error as Error));
    c.header("Content-Type", "application/zip");
    c.header("Content-Disposition", `attachment; filename="evidence-${productId}.zip"`);
    c.header("Content-Security-Policy", DOWNLOAD_CSP);
    return c.body(Readable.toWeb(out) as ReadableStream, 200);
  });
  app.openapi(r.importBundle, async (c) => {
    const deps = c.get("deps");
    const body = c.req.raw.body;
    if (!body) throw new AppError("INVALID_BUNDLE", { reason: "empty body" });
    const dir = await mkdtemp(join(tmpdir(), "jcstar-import-"));
    try {
      const file = join(dir, "bundle.zip");
      let size = 0;
      const limited = Readable.from(
        (async function* () {
          for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
            size += chunk.byteLength;
            if (size > deps.maxUploadBytes)
              throw new AppError("PAYLOAD_TOO_LARGE", { limit: deps.maxUploadBytes });
            yield chunk;
          }
        })(),
      );
      await pipeline(limited, createWriteStream(file));
      return c.json(await importBundle(deps, c.get("ctx"), file), 201);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
