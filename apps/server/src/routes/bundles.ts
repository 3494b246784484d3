import { createPublicKey } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createRoute, z } from "@hono/zod-openapi";
import {
  AppError,
  addTrustedBundleKey,
  auditPublicKeys,
  importBundle,
  listTrustedBundleKeys,
  removeTrustedBundleKey,
  trustedKeyInputSchema,
  writeEvidenceBundle,
} from "@jcstar/core";
import type { App, Caller } from "../app-env.ts";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../schemas.ts";
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

const trustedKey = z
  .object({
    name: z.string(),
    fingerprint: z.string().openapi({ description: "SHA-256 of the raw Ed25519 public key, hex" }),
    publicKeyPem: z.string().nullable(),
    addedAt: z.string(),
    addedBy: z.string().nullable(),
  })
  .openapi("TrustedBundleKey");

const keyRoutes = {
  publicKey: createRoute({
    method: "get",
    path: "/api/audit/public-key",
    tags: ["evidence"],
    summary:
      "This instance's audit signing key (trust it with verify-bundle --trust-key URL) / 監査署名の公開鍵",
    responses: {
      200: jsonResponse(
        z.object({
          algorithm: z.literal("Ed25519"),
          keyId: z.string(),
          fingerprint: z.string(),
          publicKeyPem: z.string(),
          keys: z.array(
            z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string(), kid: z.string() }),
          ),
        }),
        "The current key, and every key this instance signed with (JWK)",
      ),
    },
  }),
  listTrusted: createRoute({
    method: "get",
    path: "/api/admin/trusted-bundle-keys",
    tags: ["admin"],
    summary: "Keys of other instances whose bundles may be imported / 取り込みを許可する他インスタンスの鍵",
    responses: { 200: jsonResponse(z.array(trustedKey), "Trusted keys") },
  }),
  addTrusted: createRoute({
    method: "post",
    path: "/api/admin/trusted-bundle-keys",
    tags: ["admin"],
    summary: "Trust another instance's audit key by name / 他インスタンスの鍵を信頼する",
    request: { body: jsonBody(trustedKeyInputSchema) },
    responses: { 201: jsonResponse(trustedKey, "Trusted"), ...errorResponses(400) },
  }),
  removeTrusted: createRoute({
    method: "delete",
    path: "/api/admin/trusted-bundle-keys/{fingerprint}",
    tags: ["admin"],
    summary: "Stop trusting a key / 鍵の信頼を取り消す",
    request: { params: idParam("fingerprint") },
    responses: { 204: { description: "Removed" }, ...errorResponses(404) },
  }),
};

const callerId = (c: { get: (k: "caller") => Caller }) => {
  const caller = c.get("caller");
  return caller.kind === "user" ? caller.user.id : null;
};

function registerKeys(app: App): void {
  app.openapi(keyRoutes.publicKey, async (c) => {
    const { signer, db } = c.get("deps");
    const keys = (await auditPublicKeys(db)).map((k) => {
      const jwk = createPublicKey(k.publicKeyPem).export({ format: "jwk" }) as { x: string };
      return { kty: "OKP" as const, crv: "Ed25519" as const, x: jwk.x, kid: k.keyId };
    });
    return c.json(
      {
        algorithm: "Ed25519" as const,
        keyId: signer.keyId,
        fingerprint: signer.fingerprint,
        publicKeyPem: signer.publicKeyPem,
        keys,
      },
      200,
    );
  });
  app.openapi(keyRoutes.listTrusted, async (c) => c.json(await listTrustedBundleKeys(c.get("deps").db), 200));
  app.openapi(keyRoutes.addTrusted, async (c) =>
    c.json(await addTrustedBundleKey(c.get("deps"), callerId(c), c.req.valid("json")), 201),
  );
  app.openapi(keyRoutes.removeTrusted, async (c) => {
    await removeTrustedBundleKey(c.get("deps"), callerId(c), c.req.valid("param").fingerprint);
    return c.body(null, 204);
  });
}

export function registerBundles(app: App): void {
  registerKeys(app);
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
