import { OpenAPIHono } from "@hono/zod-openapi";
import { AppError, checkpoint, errorBody, validationError } from "@jcstar/core";
import { bodyLimit } from "hono/body-limit";
import type { App, AppDeps, AppEnv } from "./app-env.ts";
import { authenticate } from "./auth/authenticate.ts";
import { authorize } from "./auth/authorize.ts";
import { handleError, requestLang } from "./error-handler.ts";
import { jsonBodyGuard, urlGuard } from "./input-guard.ts";
import { publicPageReplay } from "./public/page-cache.ts";
import { PUBLIC_PAGE_PATHS, publicPageContext, registerPublicPages } from "./public/pages.ts";
import { registerAdmin } from "./routes/admin.ts";
import { registerApplications } from "./routes/applications.ts";
import { registerAssessments } from "./routes/assessments.ts";
import { registerAuth } from "./routes/auth.ts";
import { registerBundles } from "./routes/bundles.ts";
import { registerCalendar } from "./routes/calendar.ts";
import { registerCatalog } from "./routes/catalog.ts";
import { registerChecklist } from "./routes/checklist.ts";
import { registerClaims } from "./routes/claims.ts";
import { registerDeviceProfileImport } from "./routes/device-profile-import.ts";
import { registerDeviceRuns } from "./routes/device-runs.ts";
import { registerDeviceTests } from "./routes/device-tests.ts";
import { registerDocuments } from "./routes/documents.ts";
import { registerEvidence } from "./routes/evidence.ts";
import { registerFirmware } from "./routes/firmware.ts";
import { registerForms } from "./routes/forms.ts";
import { registerGuidedTests } from "./routes/guided-tests.ts";
import { registerHealth } from "./routes/health.ts";
import { registerInvitations } from "./routes/invitations.ts";
import { registerLabels } from "./routes/labels.ts";
import { registerOperator } from "./routes/operator.ts";
import { registerOrg } from "./routes/org.ts";
import { registerPackage } from "./routes/package.ts";
import { registerProducts } from "./routes/products.ts";
import { registerPublication } from "./routes/publication.ts";
import { registerRecoveryCodes } from "./routes/recovery-codes.ts";
import { registerRegistry } from "./routes/registry.ts";
import { registerRules } from "./routes/rules.ts";
import { registerSbom } from "./routes/sbom.ts";
import { registerSecurityTxt } from "./routes/security-txt.ts";
import { registerSignoff } from "./routes/signoff.ts";
import { registerVault } from "./routes/vault.ts";
import { registerVuln } from "./routes/vuln.ts";
import { securityHeaders } from "./security-headers.ts";
import { registerWebApp } from "./web-static.ts";

export const OPENAPI_PATH = "/api/openapi.json";
const STREAMED_BODY =
  /^\/api\/(evidence\/(files|[^/]+\/revisions\/file)|evidence-bundles\/import|products\/[^/]+\/probe-runs|products\/[^/]+\/checklist\/template|releases\/[^/]+\/(sbom|scanner-reports)|vuln\/sources\/(osv|nvd))$/;

/**
 * Builds the HTTP app from its dependencies. No socket is opened here: tests call `app.request()`.
 * Every API route goes through the same authentication, route → role matrix, body limit and error format.
 */
export function createApp(deps: AppDeps): App {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
  // Public pages answered in the last few seconds are replayed whole, before any other work (page-cache.ts).
  for (const path of PUBLIC_PAGE_PATHS) app.use(path, publicPageReplay(deps));
  // Security headers on every answer; a route's own header (a download's sandbox CSP) wins.
  app.use("*", securityHeaders());
  // U+0000 never reaches a route (PostgreSQL text cannot hold it; input-guard.ts).
  app.use("*", urlGuard());
  const jsonLimit = bodyLimit({
    maxSize: deps.maxJsonBytes,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", { limit: deps.maxJsonBytes });
    },
  });
  // Evidence files stream to disk with their own limit; everything else is small JSON.
  app.use("/api/*", (c, next) => (STREAMED_BODY.test(c.req.path) ? next() : jsonLimit(c, next)));
  // Every (small) JSON body: no deeper than MAX_INPUT_DEPTH, no U+0000 (streamed bodies check their own).
  const jsonGuard = jsonBodyGuard();
  app.use("/api/*", (c, next) => (STREAMED_BODY.test(c.req.path) ? next() : jsonGuard(c, next)));
  app.use("/api/*", authenticate(deps));
  app.use("/api/*", authorize());
  // The public registry pages: all `public` in the matrix (checked here), the caller's language only.
  for (const path of PUBLIC_PAGE_PATHS) app.use(path, publicPageContext(deps));
  app.use("/api/*", async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
    // Seal what changed: sign the audit chain head after every successful write.
    if (c.req.method !== "GET" && c.res.status < 400) await checkpoint(deps.db, deps.signer, deps.now());
  });

  registerHealth(app);
  registerRules(app);
  registerCatalog(app);
  registerAuth(app);
  registerRecoveryCodes(app);
  registerInvitations(app);
  registerOrg(app);
  registerAdmin(app);
  registerProducts(app);
  registerFirmware(app);
  registerEvidence(app);
  registerVault(app);
  registerBundles(app);
  registerDeviceTests(app);
  registerDeviceProfileImport(app);
  registerDeviceRuns(app);
  registerGuidedTests(app);
  registerAssessments(app);
  registerDocuments(app);
  registerClaims(app);
  registerChecklist(app);
  registerApplications(app);
  registerOperator(app);
  registerCalendar(app);
  registerPublication(app);
  registerRegistry(app);
  registerLabels(app);
  registerSbom(app);
  registerVuln(app);
  registerForms(app);
  registerSignoff(app);
  registerPackage(app);

  app.doc31(OPENAPI_PATH, {
    openapi: "3.1.0",
    info: {
      title: "jcstar API",
      version: "0.1.0",
      description:
        "JC-STAR ★1 self-assessment platform. Errors: { error: { code, message, details: [{ path, message }] } }; " +
        "messages follow Accept-Language or ?lang=ja|en. Sign in with POST /api/auth/login (cookie + X-CSRF-Token " +
        "on writes) or send an API token as Authorization: Bearer jcs_….",
    },
  });
  registerSecurityTxt(app);
  registerPublicPages(app);
  registerWebApp(app, deps.webDir);

  app.notFound((c) => c.json(errorBody(new AppError("ROUTE_NOT_FOUND"), requestLang(c)), 404));
  app.onError(handleError);
  return app;
}
