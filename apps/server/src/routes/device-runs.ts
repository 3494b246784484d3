import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import {
  allowlistUpdateSchema,
  createDeviceProfile,
  deleteDeviceProfile,
  deleteDeviceSecret,
  deviceProfileCreateSchema,
  deviceProfileUpdateSchema,
  deviceRunRequestSchema,
  deviceRunResultsBlob,
  deviceSecretPutSchema,
  getDeviceRun,
  listDeviceProfiles,
  listDeviceRuns,
  listDeviceSecrets,
  MAX_PROFILE_CHARS,
  profileProblems,
  readBlob,
  readDeviceTestAllowlist,
  requestDeviceRun,
  runResultSchema,
  setDeviceSecret,
  updateDeviceProfile,
  writeDeviceTestAllowlist,
} from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, i18nText, idParam, jsonBody, jsonResponse } from "../schemas.ts";

const TAG = ["device runs"];
const productId = idParam("productId");

const deviceProfile = z
  .object({
    id: z.string(),
    productId: z.string(),
    name: z.string(),
    source: z.string(),
    host: z.string().nullable(),
    secrets: z.array(z.string()),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("DeviceProfile");

const problem = z.object({ line: z.number(), column: z.number(), key: z.string(), message: i18nText });

const secretInfo = z.object({ name: z.string(), updatedAt: z.string() }).openapi("DeviceSecret");
const secretParam = z.object({
  name: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "name", in: "path" } }),
});

const deviceRun = z
  .object({
    id: z.string(),
    productId: z.string(),
    profileId: z.string().nullable(),
    origin: z.enum(["server", "upload", "import", "web"]),
    status: z.enum(["queued", "running", "done", "failed"]),
    profileName: z.string(),
    host: z.string(),
    probes: z.array(z.string()).nullable(),
    jobId: z.string().nullable(),
    requestedBy: z.string().nullable(),
    requestedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    error: z.object({ code: z.string(), message: i18nText }).nullable(),
    verdicts: z.array(z.object({ test: z.string(), verdict: z.string() })),
    evidenceIds: z.array(z.string()),
    hasResults: z.boolean(),
  })
  .openapi("DeviceRun");

const allowlist = z.object({ allowlist: z.array(z.string()) }).openapi("DeviceTestAllowlist");

const r = {
  listProfiles: createRoute({
    method: "get",
    path: "/api/products/{productId}/device-profiles",
    tags: TAG,
    summary: "Device profiles of a product / 製品のデバイスプロファイル",
    request: { params: productId },
    responses: { 200: jsonResponse(z.array(deviceProfile), "Profiles"), ...errorResponses(404) },
  }),
  createProfile: createRoute({
    method: "post",
    path: "/api/products/{productId}/device-profiles",
    tags: TAG,
    summary: "Store a device profile (YAML or JSON text) / デバイスプロファイルの登録",
    request: { params: productId, body: jsonBody(deviceProfileCreateSchema) },
    responses: {
      201: jsonResponse(deviceProfile, "Stored"),
      ...errorResponses(400, 404, 409, 413, 415, 422),
    },
  }),
  validateProfile: createRoute({
    method: "post",
    path: "/api/products/{productId}/device-profiles/validate",
    tags: TAG,
    summary: "Check a profile text for a server-side run (problems with line and key) / プロファイルの検査",
    request: {
      params: productId,
      body: jsonBody(
        z.object({ name: z.string().max(200).default("profile"), source: z.string().max(MAX_PROFILE_CHARS) }),
      ),
    },
    responses: {
      200: jsonResponse(
        z.object({ valid: z.boolean(), problems: z.array(problem) }),
        "Problems (empty = valid)",
      ),
      ...errorResponses(400, 413, 415),
    },
  }),
  updateProfile: createRoute({
    method: "put",
    path: "/api/device-profiles/{profileId}",
    tags: TAG,
    summary: "Replace a device profile (optimistic version) / デバイスプロファイルの更新",
    request: { params: idParam("profileId"), body: jsonBody(deviceProfileUpdateSchema) },
    responses: {
      200: jsonResponse(deviceProfile, "Updated"),
      ...errorResponses(400, 404, 409, 413, 415, 422),
    },
  }),
  deleteProfile: createRoute({
    method: "delete",
    path: "/api/device-profiles/{profileId}",
    tags: TAG,
    summary: "Delete a device profile / デバイスプロファイルの削除",
    request: { params: idParam("profileId") },
    responses: { 204: { description: "Deleted" }, ...errorResponses(404) },
  }),
  listSecrets: createRoute({
    method: "get",
    path: "/api/device-secrets",
    tags: TAG,
    summary: "Names of the stored device passwords (values are never returned) / シークレット名の一覧",
    responses: { 200: jsonResponse(z.array(secretInfo), "Names and times only") },
  }),
  putSecret: createRoute({
    method: "put",
    path: "/api/device-secrets/{name}",
    tags: TAG,
    summary: "Store a device password, encrypted (write-only) / 機器パスワードの保存（書き込み専用）",
    request: { params: secretParam, body: jsonBody(deviceSecretPutSchema) },
    responses: { 200: jsonResponse(secretInfo, "Stored"), ...errorResponses(400, 413, 415) },
  }),
  deleteSecret: createRoute({
    method: "delete",
    path: "/api/device-secrets/{name}",
    tags: TAG,
    summary: "Delete a device password / 機器パスワードの削除",
    request: { params: secretParam },
    responses: { 204: { description: "Deleted" }, ...errorResponses(404) },
  }),
  requestRun: createRoute({
    method: "post",
    path: "/api/products/{productId}/device-runs",
    tags: TAG,
    summary: "Start a server-side run of a stored profile (background job) / サーバーでの実機テストの開始",
    request: { params: productId, body: jsonBody(deviceRunRequestSchema) },
    responses: {
      201: jsonResponse(deviceRun, "Queued"),
      ...errorResponses(400, 404, 413, 415, 422),
    },
  }),
  listRuns: createRoute({
    method: "get",
    path: "/api/products/{productId}/device-runs",
    tags: TAG,
    summary: "Device-test runs of a product, newest first (server runs and uploads) / 実機テストの一覧",
    request: { params: productId },
    responses: { 200: jsonResponse(z.array(deviceRun), "Runs"), ...errorResponses(404) },
  }),
  getRun: createRoute({
    method: "get",
    path: "/api/device-runs/{runId}",
    tags: TAG,
    summary: "One run and its status (poll while queued or running) / 実機テストの状態",
    request: { params: idParam("runId") },
    responses: { 200: jsonResponse(deviceRun, "The run"), ...errorResponses(404) },
  }),
  runResults: createRoute({
    method: "get",
    path: "/api/device-runs/{runId}/results",
    tags: TAG,
    summary: "The results JSON of a finished run (units, findings, log) / 結果 JSON",
    request: { params: idParam("runId") },
    responses: {
      200: jsonResponse(runResultSchema, "RunResult as JSON (see docs/device-profile.md)"),
      ...errorResponses(404),
    },
  }),
  getAllowlist: createRoute({
    method: "get",
    path: "/api/admin/device-test-allowlist",
    tags: TAG,
    summary: "Hosts and networks server-side device tests may target / 実機テストの許可リスト",
    responses: { 200: jsonResponse(allowlist, "The allowlist") },
  }),
  putAllowlist: createRoute({
    method: "put",
    path: "/api/admin/device-test-allowlist",
    tags: TAG,
    summary: "Replace the device-test allowlist (addresses, CIDRs, host names) / 許可リストの変更",
    request: { body: jsonBody(allowlistUpdateSchema) },
    responses: { 200: jsonResponse(allowlist, "Saved"), ...errorResponses(400, 413, 415) },
  }),
};

export function registerDeviceRuns(app: App): void {
  app.openapi(r.listProfiles, async (c) =>
    c.json(await listDeviceProfiles(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(r.createProfile, async (c) =>
    c.json(
      await createDeviceProfile(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").productId,
        c.req.valid("json"),
      ),
      201,
    ),
  );
  app.openapi(r.validateProfile, async (c) => {
    const { name, source } = c.req.valid("json");
    const problems = profileProblems(source, name);
    return c.json({ valid: problems.length === 0, problems }, 200);
  });
  app.openapi(r.updateProfile, async (c) =>
    c.json(
      await updateDeviceProfile(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").profileId,
        c.req.valid("json"),
      ),
      200,
    ),
  );
  app.openapi(r.deleteProfile, async (c) => {
    await deleteDeviceProfile(c.get("deps"), c.get("ctx"), c.req.valid("param").profileId);
    return c.body(null, 204);
  });
  app.openapi(r.listSecrets, async (c) => c.json(await listDeviceSecrets(c.get("deps"), c.get("ctx")), 200));
  app.openapi(r.putSecret, async (c) =>
    c.json(
      await setDeviceSecret(c.get("deps"), c.get("ctx"), c.req.valid("param").name, c.req.valid("json")),
      200,
    ),
  );
  app.openapi(r.deleteSecret, async (c) => {
    await deleteDeviceSecret(c.get("deps"), c.get("ctx"), c.req.valid("param").name);
    return c.body(null, 204);
  });
  app.openapi(r.requestRun, async (c) =>
    c.json(
      await requestDeviceRun(
        c.get("deps"),
        c.get("ctx"),
        c.req.valid("param").productId,
        c.req.valid("json"),
      ),
      201,
    ),
  );
  app.openapi(r.listRuns, async (c) =>
    c.json(await listDeviceRuns(c.get("deps"), c.get("ctx"), c.req.valid("param").productId), 200),
  );
  app.openapi(r.getRun, async (c) =>
    c.json(await getDeviceRun(c.get("deps"), c.get("ctx"), c.req.valid("param").runId), 200),
  );
  app.openapi(r.runResults, async (c) => {
    const sha = await deviceRunResultsBlob(c.get("deps"), c.get("ctx"), c.req.valid("param").runId);
    c.header("Content-Type", "application/json; charset=utf-8");
    // The stored JSON is streamed as it is (it was checked against runResultSchema when it was recorded).
    return c.body(Readable.toWeb(readBlob(c.get("deps").blobs, sha)) as ReadableStream, 200) as never;
  });
  app.openapi(r.getAllowlist, async (c) => c.json(await readDeviceTestAllowlist(c.get("deps").db), 200));
  app.openapi(r.putAllowlist, async (c) => {
    const caller = c.get("caller");
    const actor = caller.kind === "user" ? caller.user.id : null;
    const deps = c.get("deps");
    return c.json(await writeDeviceTestAllowlist(deps.db, actor, c.req.valid("json"), deps.now()), 200);
  });
}
