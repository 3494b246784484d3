import { createRoute, z } from "@hono/zod-openapi";
import { recoveryCodeStatus, recoveryCodesSchema, regenerateRecoveryCodes } from "@jcstar/core";
import type { App } from "../app-env.ts";
import { requestClientAddress } from "../auth/authenticate.ts";
import { errorResponses, jsonBody, jsonResponse } from "../schemas.ts";
import { signedInUser } from "./caller.ts";

export const recoveryCodesAnswer = z.object({
  recoveryCodes: z.array(z.string()).describe("Shown this once; only their hashes are stored"),
});

const r = {
  status: createRoute({
    method: "get",
    path: "/api/auth/recovery-codes",
    tags: ["auth"],
    summary: "How many TOTP recovery codes are left / リカバリーコードの残り",
    responses: {
      200: jsonResponse(
        z.object({ remaining: z.number().int(), total: z.number().int(), createdAt: z.string().nullable() }),
        "Count of unused codes",
      ),
      ...errorResponses(401),
    },
  }),
  regenerate: createRoute({
    method: "post",
    path: "/api/auth/recovery-codes",
    tags: ["auth"],
    summary: "New recovery codes (password + current TOTP code) / リカバリーコードの再発行",
    request: { body: jsonBody(recoveryCodesSchema) },
    responses: {
      200: jsonResponse(recoveryCodesAnswer, "The new set; the old one no longer works"),
      ...errorResponses(400, 401, 403, 429),
    },
  }),
};

export function registerRecoveryCodes(app: App): void {
  app.openapi(r.status, async (c) =>
    c.json(await recoveryCodeStatus(c.get("deps").db, signedInUser(c).id), 200),
  );
  app.openapi(r.regenerate, async (c) => {
    const deps = c.get("deps");
    const address = requestClientAddress(c);
    return c.json(await regenerateRecoveryCodes(deps, signedInUser(c).id, c.req.valid("json"), address), 200);
  });
}
