import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { keyIdOf } from "../secrets/instance-key.ts";
import { getSecret, putSecret, reencryptAll } from "../secrets/secret-store.ts";
import { type AccountDeps, DEFAULT_AUTH_POLICY } from "./account-deps.ts";
import { createApiToken, resolveApiToken, revokeApiToken } from "./api-tokens.ts";
import { login } from "./login.ts";
import { acceptInvitation, inviteMember, listLockouts, listMembers } from "./members.ts";
import {
  issuePasswordReset,
  PASSWORD_RESET_JOB,
  requestPasswordReset,
  resetPassword,
} from "./password-reset.ts";
import { createSession, resolveSession } from "./sessions.ts";
import { completeSetup, prepareSetupToken } from "./setup.ts";
import { totpCode, totpStep } from "./totp.ts";
import { beginTotp, enableTotp } from "./totp-enrolment.ts";
import { createUser, eraseUser, membershipsOf } from "./users.ts";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "OK";
}

const PASSWORD = "long enough to be fine";

describe.each(testDialects())("accounts on %s", (dialect) => {
  let t: TestDb;
  let clock: Date;
  let deps: AccountDeps;
  let orgId: string;
  const key = randomBytes(32);

  beforeAll(async () => {
    t = await openTestDb(dialect);
    clock = new Date("2026-11-26T00:00:00Z");
    deps = {
      db: t.db,
      now: () => clock,
      instanceKey: { key, keyId: keyIdOf(key), source: "env" },
      authPolicy: DEFAULT_AUTH_POLICY,
    };
    orgId = (await createOrganisation(t.db, "Org", clock)).id;
  });
  afterAll(async () => t?.dispose());

  const tick = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };
  let n = 0;
  const newUser = async (role: "owner" | "editor" | "viewer" = "editor") =>
    createUser(t.db, { email: `u${++n}@example.jp`, name: "U", password: PASSWORD, orgId, role }, clock);

  it("refuses weak passwords with the reason on the field", async () => {
    for (const weak of ["short", "password1234", "Password123!", "aaaaaaaaaaaaaaa", "qwertyuiop12"]) {
      const error = await createUser(t.db, { email: "w@example.jp", name: "W", password: weak }, clock).catch(
        (e) => e,
      );
      expect((error as AppError).code, weak).toBe("WEAK_PASSWORD");
      expect((error as AppError).details[0]?.path).toBe("password");
    }
  });

  it("locks an account from the 5th failure, refuses even the right password, and doubles the wait", async () => {
    const user = await newUser();
    for (let i = 1; i <= 5; i++) {
      expect(await codeOf(login(deps, { email: user.email, password: "wrong password" }, "127.0.0.9"))).toBe(
        "INVALID_CREDENTIALS",
      );
    }
    const locked = (await login(deps, { email: user.email, password: PASSWORD }, "127.0.0.9").catch(
      (e: unknown) => e,
    )) as AppError;
    expect(locked.code).toBe("LOCKED_OUT");
    expect(Number(locked.params.seconds)).toBe(30);
    tick(31);
    // Still failing after the lockout: locked again, for twice as long.
    expect(await codeOf(login(deps, { email: user.email, password: "wrong again" }, "127.0.0.9"))).toBe(
      "INVALID_CREDENTIALS",
    );
    const again = (await login(deps, { email: user.email, password: PASSWORD }, "127.0.0.9").catch(
      (e: unknown) => e,
    )) as AppError;
    expect(again.code).toBe("LOCKED_OUT");
    expect(Number(again.params.seconds)).toBe(60);
    tick(61);
    expect((await login(deps, { email: user.email, password: PASSWORD }, "127.0.0.9")).id).toBe(user.id);
    // Success resets the count.
    expect(await codeOf(login(deps, { email: user.email, password: "x" }, "127.0.0.9"))).toBe(
      "INVALID_CREDENTIALS",
    );
    expect((await login(deps, { email: user.email, password: PASSWORD }, "127.0.0.9")).id).toBe(user.id);
    const lockouts = await listLockouts(t.db, orgId);
    expect(lockouts.filter((l) => l.email === user.email)).toHaveLength(2);
  });

  it("slows password spraying from one address without locking other addresses out", async () => {
    // One guess per account name, as a sprayer does: no account reaches its own limit.
    let code = "";
    let attempts = 0;
    for (let i = 0; i < 60 && code !== "LOCKED_OUT"; i++) {
      code = await codeOf(
        login(deps, { email: `spray${i}@example.jp`, password: `guess-${i}` }, "127.0.0.66"),
      );
      attempts++;
    }
    expect(code).toBe("LOCKED_OUT");
    expect(attempts).toBe(DEFAULT_AUTH_POLICY.maxAddressFailures + 1);
    // The same (unlocked) account from another address still works.
    tick(1);
    const other = await newUser();
    expect(await codeOf(login(deps, { email: other.email, password: PASSWORD }, "127.0.0.66"))).toBe(
      "LOCKED_OUT",
    );
    expect(await codeOf(login(deps, { email: other.email, password: PASSWORD }, "127.0.0.67"))).toBe("OK");
    tick(DEFAULT_AUTH_POLICY.addressWindowSeconds + 1);
  });

  it("answers an unknown account like a wrong password", async () => {
    expect(await codeOf(login(deps, { email: "nobody@example.jp", password: PASSWORD }, null))).toBe(
      "INVALID_CREDENTIALS",
    );
  });

  it("asks for TOTP once enrolled, accepts a code once, and counts wrong codes", async () => {
    const user = await newUser();
    const { secret } = await beginTotp(deps, user.id);
    expect(await codeOf(enableTotp(deps, user.id, "000000"))).toBe("TOTP_INVALID");
    await enableTotp(deps, user.id, totpCode(secret, totpStep(clock)));
    const stored = await t.db
      .selectFrom("users")
      .select("totp_secret")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(stored.totp_secret).not.toContain(secret);
    expect(await codeOf(login(deps, { email: user.email, password: PASSWORD }, null))).toBe("TOTP_REQUIRED");
    // The code used for enrolment cannot be replayed.
    expect(
      await codeOf(
        login(deps, { email: user.email, password: PASSWORD, totp: totpCode(secret, totpStep(clock)) }, null),
      ),
    ).toBe("TOTP_INVALID");
    tick(30);
    expect(
      await codeOf(
        login(deps, { email: user.email, password: PASSWORD, totp: totpCode(secret, totpStep(clock)) }, null),
      ),
    ).toBe("OK");
  });

  it("expires sessions when idle and at their absolute end", async () => {
    const user = await newUser();
    const { cookie } = await createSession(
      t.db,
      deps.authPolicy,
      user.id,
      { ip: null, userAgent: null },
      clock,
    );
    expect(await resolveSession(t.db, deps.authPolicy, cookie, clock)).not.toBeNull();
    const stored = await t.db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute();
    expect(stored.map((s) => s.id)).not.toContain(cookie);
    tick(DEFAULT_AUTH_POLICY.sessionIdleMinutes * 60 + 1);
    expect(await resolveSession(t.db, deps.authPolicy, cookie, clock)).toBeNull();
    const second = await createSession(t.db, deps.authPolicy, user.id, { ip: null, userAgent: null }, clock);
    for (let h = 0; h < DEFAULT_AUTH_POLICY.sessionAbsoluteHours; h++) {
      tick(3600);
      if (h < DEFAULT_AUTH_POLICY.sessionAbsoluteHours - 1)
        expect(await resolveSession(t.db, deps.authPolicy, second.cookie, clock)).not.toBeNull();
    }
    tick(1);
    expect(await resolveSession(t.db, deps.authPolicy, second.cookie, clock)).toBeNull();
  });

  it("stores API tokens hashed, and honours revocation and expiry", async () => {
    const user = await newUser();
    const token = await createApiToken(t.db, user.id, { name: "ci", scope: "read", expiresInDays: 1 }, clock);
    expect((await resolveApiToken(t.db, token.token, clock))?.scope).toBe("read");
    const row = await t.db
      .selectFrom("api_tokens")
      .select("token_hash")
      .where("id", "=", token.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token.token);
    tick(86_401);
    expect(await resolveApiToken(t.db, token.token, clock)).toBeNull();
    const other = await createApiToken(t.db, user.id, { name: "cli" }, clock);
    await revokeApiToken(t.db, user.id, other.id, clock);
    expect(await resolveApiToken(t.db, other.token, clock)).toBeNull();
  });

  it("invites by a single-use link and resets passwords by a single-use link", async () => {
    const owner = await newUser("owner");
    const invite = await inviteMember(
      t.db,
      orgId,
      owner.id,
      { email: "New@Example.jp", role: "viewer" },
      clock,
    );
    const joined = await acceptInvitation(
      t.db,
      { token: invite.token, name: "New", password: PASSWORD },
      null,
      clock,
    );
    expect(joined.email).toBe("new@example.jp");
    expect((await membershipsOf(t.db, joined.id)).map((m) => m.role)).toEqual(["viewer"]);
    expect(
      await codeOf(
        acceptInvitation(t.db, { token: invite.token, name: "Again", password: PASSWORD }, null, clock),
      ),
    ).toBe("TOKEN_INVALID");
    const reset = await issuePasswordReset(t.db, joined.id, owner.id, clock);
    await resetPassword(t.db, { token: reset.token, password: "a brand new passphrase" }, clock);
    expect(await codeOf(login(deps, { email: joined.email, password: "a brand new passphrase" }, null))).toBe(
      "OK",
    );
    expect(
      await codeOf(resetPassword(t.db, { token: reset.token, password: "another new passphrase" }, clock)),
    ).toBe("TOKEN_INVALID");
    const late = await issuePasswordReset(t.db, joined.id, owner.id, clock);
    tick(3 * 3600);
    expect(
      await codeOf(resetPassword(t.db, { token: late.token, password: "yet another passphrase" }, clock)),
    ).toBe("TOKEN_INVALID");
  });

  it("erases a person's data but keeps the opaque id in what they recorded", async () => {
    const user = await newUser();
    await createApiToken(t.db, user.id, { name: "x" }, clock);
    // A reset request still waiting in the queue holds the address: erasure takes it too, not another person's.
    const other = await newUser();
    for (const email of [user.email, other.email]) {
      await requestPasswordReset({ db: t.db, now: () => clock }, { email, address: null, lang: "ja" });
    }
    const queuedFor = async (email: string) =>
      (
        await t.db.selectFrom("jobs").select("payload").where("kind", "=", PASSWORD_RESET_JOB).execute()
      ).filter((j) => (JSON.parse(j.payload) as { email?: string }).email === email);
    expect(await queuedFor(user.email)).toHaveLength(1);
    await eraseUser(t.db, user.id);
    expect(await queuedFor(user.email)).toEqual([]);
    expect(await queuedFor(other.email)).toHaveLength(1);
    expect(
      await t.db.selectFrom("users").select("id").where("email", "=", user.email).executeTakeFirst(),
    ).toBeUndefined();
    expect(await t.db.selectFrom("api_tokens").select("id").where("user_id", "=", user.id).execute()).toEqual(
      [],
    );
    expect((await listMembers(t.db, orgId)).map((m) => m.userId)).not.toContain(user.id);
  });

  it("encrypts secrets at rest and re-encrypts them under a new key", async () => {
    await putSecret(t.db, deps.instanceKey, "device:cam-100", "s3cr3t-device-pw", clock);
    const row = await t.db
      .selectFrom("secrets")
      .select("envelope")
      .where("name", "=", "device:cam-100")
      .executeTakeFirstOrThrow();
    expect(row.envelope).not.toContain("s3cr3t");
    const next = randomBytes(32);
    const nextKey = { key: next, keyId: keyIdOf(next), source: "env" as const };
    expect(await reencryptAll(t.db, deps.instanceKey, nextKey, clock)).toBeGreaterThan(0);
    expect(await getSecret(t.db, nextKey, "device:cam-100")).toBe("s3cr3t-device-pw");
    await expect(getSecret(t.db, deps.instanceKey, "device:cam-100")).rejects.toThrow();
    await reencryptAll(t.db, nextKey, deps.instanceKey, clock);
  });

  it("creates the first admin only with the printed setup token, once", async () => {
    const fresh = await openTestDb(dialect);
    try {
      const token = await prepareSetupToken(fresh.db, clock);
      expect(token).toBeTruthy();
      const body = {
        email: "admin@example.jp",
        name: "Admin",
        password: PASSWORD,
        organisationName: "Maker KK",
      };
      expect(await codeOf(completeSetup(fresh.db, { ...body, token: "guess" }, clock))).toBe(
        "SETUP_TOKEN_INVALID",
      );
      const admin = await completeSetup(fresh.db, { ...body, token }, clock);
      expect(admin.instanceRole).toBe("admin");
      expect((await membershipsOf(fresh.db, admin.id))[0]).toMatchObject({
        orgName: "Maker KK",
        role: "owner",
      });
      expect(await codeOf(completeSetup(fresh.db, { ...body, token }, clock))).toBe("SETUP_DONE");
      expect(await prepareSetupToken(fresh.db, clock)).toBeNull();
    } finally {
      await fresh.dispose();
    }
  });
});
