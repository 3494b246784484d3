import { OpenAPIHono } from "@hono/zod-openapi";
import { AppError, errorBody, validationError } from "@jcstar/core";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { App, AppDeps, AppEnv } from "./app-env.ts";
import { handleError, requestLang } from "./error-handler.ts";
import { requestContext } from "./request-context.ts";
import { registerAssessments } from "./routes/assessments.ts";
import { registerCatalog } from "./routes/catalog.ts";
import { registerEvidence } from "./routes/evidence.ts";
import { registerFirmware } from "./routes/firmware.ts";
import { registerHealth } from "./routes/health.ts";
import { registerProducts } from "./routes/products.ts";

export const OPENAPI_PATH = "/api/openapi.json";

/**
 * Builds the HTTP app from its dependencies. No socket is opened here: tests call `app.request()`.
 * Every route goes through the same request context, body limit, headers and error format.
 */
export function createApp(deps: AppDeps): App {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'self'"], objectSrc: ["'none'"], frameAncestors: ["'none'"] },
      xFrameOptions: "DENY",
    }),
  );
  app.use("/api/*", requestContext(deps));
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: deps.maxJsonBytes,
      onError: () => {
        throw new AppError("PAYLOAD_TOO_LARGE", { limit: deps.maxJsonBytes });
      },
    }),
  );

  registerHealth(app);
  registerCatalog(app);
  registerProducts(app);
  registerFirmware(app);
  registerEvidence(app);
  registerAssessments(app);

  app.doc31(OPENAPI_PATH, {
    openapi: "3.1.0",
    info: {
      title: "jcstar API",
      version: "0.1.0",
      description:
        "JC-STAR ★1 self-assessment platform. Errors: { error: { code, message, details: [{ path, message }] } }; " +
        "messages follow Accept-Language or ?lang=ja|en.",
    },
  });

  app.notFound((c) => c.json(errorBody(new AppError("ROUTE_NOT_FOUND"), requestLang(c)), 404));
  app.onError(handleError);
  return app;
}
