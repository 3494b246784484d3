import { createRoute, z } from "@hono/zod-openapi";
import { deviceProfileImportSchema, deviceTestExecutors, importDeviceProfile } from "@jcstar/core";
import type { App } from "../app-env.ts";
import { errorResponses, i18nText, jsonBody, jsonResponse } from "../schemas.ts";

const TAG = ["device runs"];

const problem = z.object({ line: z.number(), column: z.number(), key: z.string(), message: i18nText });

const profileImport = z
  .object({
    name: z.string(),
    host: z.string(),
    source: z.string(),
    neededSecrets: z.array(
      z.object({
        service: z.string(),
        username: z.string().nullable(),
        passwordEnv: z.string(),
        secret: z.string(),
        exists: z.boolean(),
      }),
    ),
    problems: z.array(problem),
    profile: z.record(z.string(), z.unknown()),
  })
  .openapi("DeviceProfileImport");

const leftOver = z.object({
  criterion: z.string(),
  probes: z.array(z.string()),
  leftTo: z.array(z.enum(["cli", "guided"])),
});

const executors = z
  .object({
    executors: z.array(
      z.object({ id: z.enum(["server", "cli"]), probes: z.array(z.string()), leftOver: z.array(leftOver) }),
    ),
    criteria: z.array(z.object({ criterion: z.string(), probes: z.array(z.string()), guided: z.boolean() })),
  })
  .openapi("DeviceTestExecutors");

const r = {
  importProfile: createRoute({
    method: "post",
    path: "/api/device-profiles/import",
    tags: TAG,
    summary:
      "Read a CLI profile (demo-device --profile-out, probe run) for a server run; nothing is stored / CLI 用プロファイルの取り込み",
    request: { body: jsonBody(deviceProfileImportSchema) },
    responses: {
      200: jsonResponse(profileImport, "The converted profile and the secrets it needs"),
      ...errorResponses(400, 413, 415, 422),
    },
  }),
  executors: createRoute({
    method: "get",
    path: "/api/device-tests/executors",
    tags: TAG,
    summary: "Which probes each executor runs and which criteria it leaves over / 実行方法ごとのプローブ",
    responses: { 200: jsonResponse(executors, "Executors") },
  }),
};

export function registerDeviceProfileImport(app: App): void {
  app.openapi(r.importProfile, async (c) =>
    c.json(await importDeviceProfile(c.get("deps"), c.get("ctx"), c.req.valid("json")), 200),
  );
  app.openapi(r.executors, (c) => c.json(deviceTestExecutors(), 200));
}
