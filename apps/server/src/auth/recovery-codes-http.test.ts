import { totpCode, totpStep } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp, type TestUser } from "../test-app.ts";

type ErrorJson = { error: { code: string } };
const codeOf = async (res: Response) => (res.ok ? "OK" : ((await res.json()) as ErrorJson).error.code);

describe.each(testDialects())("TOTP recovery codes over HTTP on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const login = (email: string, password: string, totp?: string) =>
    t.app.request("/api/auth/login", json("POST", { email, password, ...(totp ? { totp } : {}) }));

  async function session(user: TestUser, totp?: string) {
    const res = await login(user.email, user.password, totp);
    expect(res.status).toBe(200);
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const me = (await (await t.app.request("/api/auth/me", { headers: { cookie } })).json()) as {
      csrfToken: string;
    };
    return { cookie, "x-csrf-token": me.csrfToken };
  }

  /** An editor who enrolled TOTP through the API: the secret, the first codes and a session. */
  async function enrolled() {
    const user = await t.user("editor");
    const headers = await session(user);
    const setup = await t.app.request(
      "/api/auth/totp/setup",
      json("POST", { currentPassword: user.password }, headers),
    );
    const { secret } = (await setup.json()) as { secret: string };
    const step = totpStep(new Date());
    const enable = await t.app.request(
      "/api/auth/totp/enable",
      json("POST", { code: totpCode(secret, step) }, headers),
    );
    expect(enable.status).toBe(200);
    const { recoveryCodes } = (await enable.json()) as { recoveryCodes: string[] };
    return { user, headers, secret, step, codes: recoveryCodes };
  }

  it("hands out ten codes at enrolment, signs in with one of them once, and counts what is left", async () => {
    const { user, headers, codes } = await enrolled();
    expect(codes).toHaveLength(10);
    const status = async (h: Record<string, string>) =>
      (await (await t.app.request("/api/auth/recovery-codes", { headers: h })).json()) as {
        remaining: number;
      };
    expect((await status(headers)).remaining).toBe(10);
    const again = await session(user, codes[0]);
    expect((await status(again)).remaining).toBe(9);
    expect(await codeOf(await login(user.email, user.password, codes[0]))).toBe("TOTP_INVALID");
    const audit = await t.deps.db
      .selectFrom("audit_entries")
      .select(["action", "data"])
      .where("entity_id", "=", user.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["recovery-codes.issued", "recovery-code.used"]);
    for (const code of codes) expect(JSON.stringify(audit)).not.toContain(code);
  });

  it("regenerates with the browser session, password and TOTP only", async () => {
    const { user, headers, secret, step, codes } = await enrolled();
    const regen = (body: unknown, h: Record<string, string>) =>
      t.app.request("/api/auth/recovery-codes", json("POST", body, h));
    const good = { currentPassword: user.password, totp: totpCode(secret, step + 1) };
    expect(await codeOf(await regen(good, user.headers))).toBe("SESSION_REQUIRED");
    expect(await codeOf(await regen({ currentPassword: user.password }, headers))).toBe("VALIDATION_FAILED");
    expect(await codeOf(await regen({ currentPassword: user.password, totp: codes[0] }, headers))).toBe(
      "TOTP_INVALID",
    );
    const res = await regen(good, headers);
    expect(res.status).toBe(200);
    const { recoveryCodes } = (await res.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(await codeOf(await login(user.email, user.password, codes[1]))).toBe("TOTP_INVALID");
    expect(await codeOf(await login(user.email, user.password, recoveryCodes[1]))).toBe("OK");
  });
});
