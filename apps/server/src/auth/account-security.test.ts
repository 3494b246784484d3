import { issuePasswordReset, totpCode, totpStep, verifyPassword } from "@jcstar/core";
import { testDialects } from "@jcstar/core/db/test-databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, openTestApp, type TestApp, type TestUser } from "../test-app.ts";

type ErrorJson = { error: { code: string } };
const codeOf = async (res: Response) => (res.ok ? "OK" : ((await res.json()) as ErrorJson).error.code);

describe.each(testDialects())("account security over HTTP on %s", (dialect) => {
  let t: TestApp;
  let evaluations = 0;
  beforeAll(async () => {
    t = await openTestApp(dialect, {
      verifyPassword: (password, stored) => {
        evaluations++;
        return verifyPassword(password, stored);
      },
    });
  });
  afterAll(async () => t?.close());

  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    t.app.request("/api/auth/login", json("POST", { email, password }, headers));

  /** Signs in through the API: the session cookie and its CSRF token. */
  async function signIn(user: TestUser) {
    const res = await login(user.email, user.password);
    expect(res.status).toBe(200);
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const me = (await (await t.app.request("/api/auth/me", { headers: { cookie } })).json()) as {
      csrfToken: string;
    };
    return { cookie, "x-csrf-token": me.csrfToken };
  }

  describe("lockout races", () => {
    it("evaluates at most 5 passwords for 100 concurrent wrong sign-ins", async () => {
      const user = await t.user("editor");
      evaluations = 0;
      const codes = await Promise.all(
        Array.from({ length: 100 }, async (_, i) => codeOf(await login(user.email, `wrong ${i}`))),
      );
      expect(evaluations).toBeGreaterThan(0);
      expect(evaluations).toBeLessThanOrEqual(t.deps.authPolicy.maxAccountFailures);
      expect(codes.filter((c) => c === "LOCKED_OUT")).toHaveLength(100 - evaluations);
    });

    it("refuses the correct password sent 11th in a burst of 40", async () => {
      const user = await t.user("editor");
      evaluations = 0;
      const codes = await Promise.all(
        Array.from({ length: 40 }, async (_, i) =>
          codeOf(await login(user.email, i === 10 ? user.password : `wrong ${i}`)),
        ),
      );
      expect(codes[10]).toBe("LOCKED_OUT");
      expect(codes).not.toContain("OK");
      expect(evaluations).toBeLessThanOrEqual(t.deps.authPolicy.maxAccountFailures);
    });
  });

  describe("API tokens stay tokens", () => {
    it("refuses a token on sign-in, password change and TOTP enrolment with SESSION_REQUIRED", async () => {
      const user = await t.user("editor");
      const bearer = user.headers;
      const calls = [
        login(user.email, user.password, bearer),
        t.app.request(
          "/api/auth/password",
          json("POST", { currentPassword: user.password, newPassword: "a brand new passphrase" }, bearer),
        ),
        t.app.request("/api/auth/totp/setup", json("POST", { currentPassword: user.password }, bearer)),
        t.app.request("/api/auth/totp/enable", json("POST", { code: "123456" }, bearer)),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status).toBe(403);
        expect(res.headers.get("set-cookie")).toBeNull();
        expect(await codeOf(res)).toBe("SESSION_REQUIRED");
      }
      // Nothing changed: the old password still signs in.
      expect((await login(user.email, user.password)).status).toBe(200);
    });

    it("needs the current password to start TOTP enrolment, counted towards the lockout", async () => {
      const user = await t.user("editor");
      const session = await signIn(user);
      expect(await codeOf(await t.app.request("/api/auth/totp/setup", json("POST", {}, session)))).toBe(
        "VALIDATION_FAILED",
      );
      const wrong = await t.app.request(
        "/api/auth/totp/setup",
        json("POST", { currentPassword: "not it at all" }, session),
      );
      expect(await codeOf(wrong)).toBe("INVALID_CREDENTIALS");
      const ok = await t.app.request(
        "/api/auth/totp/setup",
        json("POST", { currentPassword: user.password }, session),
      );
      expect(ok.status).toBe(200);
      const { secret } = (await ok.json()) as { secret: string };
      const code = totpCode(secret, totpStep(new Date()));
      const wrongAgain = json("POST", { code, currentPassword: "still not it" }, session);
      expect(await codeOf(await t.app.request("/api/auth/totp/enable", wrongAgain))).toBe(
        "INVALID_CREDENTIALS",
      );
      const enable = json("POST", { code, currentPassword: user.password }, session);
      expect((await t.app.request("/api/auth/totp/enable", enable)).status).toBe(200);
    });

    it("counts wrong current passwords towards the same lockout as sign-in", async () => {
      const user = await t.user("editor");
      const session = await signIn(user);
      const change = (currentPassword: string) =>
        t.app.request(
          "/api/auth/password",
          json("POST", { currentPassword, newPassword: "a brand new passphrase" }, session),
        );
      for (let i = 0; i < t.deps.authPolicy.maxAccountFailures; i++) {
        expect(await codeOf(await change(`wrong ${i}`))).toBe("INVALID_CREDENTIALS");
      }
      expect(await codeOf(await change(user.password))).toBe("LOCKED_OUT");
      expect(await codeOf(await login(user.email, user.password))).toBe("LOCKED_OUT");
    });

    it("asks for the second factor on a password change when TOTP is on", async () => {
      const user = await t.user("editor");
      const session = await signIn(user);
      const setup = await t.app.request(
        "/api/auth/totp/setup",
        json("POST", { currentPassword: user.password }, session),
      );
      const { secret } = (await setup.json()) as { secret: string };
      const step = totpStep(new Date());
      const enable = json("POST", { code: totpCode(secret, step) }, session);
      expect((await t.app.request("/api/auth/totp/enable", enable)).status).toBe(200);
      const body = { currentPassword: user.password, newPassword: "a brand new passphrase" };
      const without = await t.app.request("/api/auth/password", json("POST", body, session));
      expect(await codeOf(without)).toBe("TOTP_REQUIRED");
      const withCode = json("POST", { ...body, totp: totpCode(secret, step + 1) }, session);
      // The code of the next step is accepted within the allowed clock drift.
      expect((await t.app.request("/api/auth/password", withCode)).status).toBe(204);
    });

    it("revokes every other session and every API token on a password change; the current one rotates", async () => {
      const user = await t.user("editor");
      const current = await signIn(user);
      const other = await signIn(user);
      const res = await t.app.request(
        "/api/auth/password",
        json("POST", { currentPassword: user.password, newPassword: "a brand new passphrase" }, current),
      );
      expect(res.status).toBe(204);
      const rotated = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      expect(rotated).toMatch(/^jcstar_session=/);
      expect(rotated).not.toBe(current.cookie);
      const me = (headers: Record<string, string>) => t.app.request("/api/auth/me", { headers });
      expect((await me({ cookie: current.cookie })).status).toBe(401);
      expect((await me({ cookie: other.cookie })).status).toBe(401);
      expect((await me(user.headers)).status).toBe(401);
      expect((await me({ cookie: rotated })).status).toBe(200);
    });

    it("revokes every session and every API token when a reset is completed", async () => {
      const user = await t.user("editor");
      const session = await signIn(user);
      const { token } = await issuePasswordReset(t.db.db, user.id, null, new Date());
      const res = await t.app.request(
        "/api/auth/password-reset",
        json("POST", { token, password: "a brand new passphrase" }),
      );
      expect(res.status).toBe(204);
      const me = (headers: Record<string, string>) => t.app.request("/api/auth/me", { headers });
      expect((await me({ cookie: session.cookie })).status).toBe(401);
      expect((await me(user.headers)).status).toBe(401);
      expect((await login(user.email, "a brand new passphrase")).status).toBe(200);
    });
  });
});
