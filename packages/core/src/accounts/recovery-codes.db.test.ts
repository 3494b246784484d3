import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { keyIdOf } from "../secrets/instance-key.ts";
import { type AccountDeps, DEFAULT_AUTH_POLICY } from "./account-deps.ts";
import { login } from "./login.ts";
import { regenerateRecoveryCodes } from "./reauthenticate.ts";
import { normaliseRecoveryCode, RECOVERY_CODE_COUNT, recoveryCodeStatus } from "./recovery-codes.ts";
import { totpCode, totpStep } from "./totp.ts";
import { beginTotp, enableTotp } from "./totp-enrolment.ts";
import { createUser } from "./users.ts";

const PASSWORD = "long enough to be fine";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "OK";
}

describe("recovery code input", () => {
  it("accepts what people type or paste and refuses everything else", () => {
    expect(normaliseRecoveryCode("ABCD-EFGH-JKLM")).toBe("ABCDEFGHJKLM");
    expect(normaliseRecoveryCode(" abcd efgh jklm ")).toBe("ABCDEFGHJKLM");
    expect(normaliseRecoveryCode("ＡＢＣＤ－ＥＦＧＨ－ＪＫＬＭ")).toBe("ABCDEFGHJKLM");
    expect(normaliseRecoveryCode("ABCDーEFGHーJKLM")).toBe("ABCDEFGHJKLM");
    expect(normaliseRecoveryCode("ABCD-EFGH-JKL")).toBeNull();
    expect(normaliseRecoveryCode("ABCD-EFGH-JKL0")).toBeNull(); // 0 is not in the alphabet
    expect(normaliseRecoveryCode("123456")).toBeNull();
  });
});

describe.each(testDialects())("recovery codes on %s", (dialect) => {
  let t: TestDb;
  let clock: Date;
  let deps: AccountDeps;
  const key = randomBytes(32);

  beforeAll(async () => {
    t = await openTestDb(dialect);
    clock = new Date("2026-12-04T00:00:00Z");
    deps = {
      db: t.db,
      now: () => clock,
      instanceKey: { key, keyId: keyIdOf(key), source: "env" },
      authPolicy: DEFAULT_AUTH_POLICY,
    };
  });
  afterAll(async () => t?.dispose());

  const tick = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };
  let n = 0;
  /** A user with TOTP on: its secret, its first recovery codes. */
  async function enrolled() {
    const user = await createUser(
      t.db,
      { email: `r${++n}@example.jp`, name: "R", password: PASSWORD },
      clock,
    );
    const { secret } = await beginTotp(deps, user.id);
    const { recoveryCodes } = await enableTotp(deps, user.id, totpCode(secret, totpStep(clock)));
    tick(30);
    return { user, secret, codes: recoveryCodes };
  }
  const signIn = (email: string, totp: string) =>
    codeOf(login(deps, { email, password: PASSWORD, totp }, null));
  const auditOf = (userId: string) =>
    t.db
      .selectFrom("audit_entries")
      .select(["action", "data"])
      .where("entity_id", "=", userId)
      .orderBy("seq")
      .execute();

  it("issues ten distinct codes at enrolment, stored only as scrypt hashes, and audited", async () => {
    const { user, codes } = await enrolled();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const rows = await t.db.selectFrom("recovery_codes").selectAll().where("user_id", "=", user.id).execute();
    expect(rows).toHaveLength(RECOVERY_CODE_COUNT);
    const stored = JSON.stringify(rows);
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replaceAll("-", ""));
    }
    for (const row of rows) expect(row.code_hash).toMatch(/^scrypt\$/);
    expect(await auditOf(user.id)).toEqual([{ action: "recovery-codes.issued", data: '{"count":10}' }]);
    // A second "enable" does not mint more codes.
    expect(await codeOf(enableTotp(deps, user.id, "123456"))).toBe("ALREADY_EXISTS");
  });

  it("signs in with a recovery code instead of the TOTP code, once, and audits the use", async () => {
    const { user, codes } = await enrolled();
    const [first = "", second = ""] = codes;
    expect(await signIn(user.email, first)).toBe("OK");
    expect(await signIn(user.email, first)).toBe("TOTP_INVALID");
    expect(await signIn(user.email, second.toLowerCase().replaceAll("-", " "))).toBe("OK");
    expect(await recoveryCodeStatus(t.db, user.id)).toMatchObject({ remaining: 8, total: 10 });
    const audit = await auditOf(user.id);
    expect(audit.map((a) => a.action)).toEqual([
      "recovery-codes.issued",
      "recovery-code.used",
      "recovery-code.used",
    ]);
    expect(audit[2]?.data).toBe('{"remaining":8}');
    // A recovery code never needs the password less: a wrong password with a good code is refused.
    expect(
      await codeOf(login(deps, { email: user.email, password: "wrong password!", totp: codes[3] }, null)),
    ).toBe("INVALID_CREDENTIALS");
  });

  it("lets only one of several racing sign-ins spend the same code", async () => {
    const { user, codes } = await enrolled();
    const code = codes[0] ?? "";
    const results = await Promise.all(Array.from({ length: 4 }, () => signIn(user.email, code)));
    expect(results.filter((r) => r === "OK")).toHaveLength(1);
    expect(results.filter((r) => r === "TOTP_INVALID")).toHaveLength(3);
    expect((await recoveryCodeStatus(t.db, user.id)).remaining).toBe(9);
  });

  it("counts wrong recovery codes in the lockout, which then refuses a good one", async () => {
    const { user, codes } = await enrolled();
    for (let i = 0; i < DEFAULT_AUTH_POLICY.maxAccountFailures; i++)
      expect(await signIn(user.email, "AAAA-BBBB-CCCC")).toBe("TOTP_INVALID");
    expect(await signIn(user.email, codes[0] ?? "")).toBe("LOCKED_OUT");
    expect((await recoveryCodeStatus(t.db, user.id)).remaining).toBe(10);
  });

  it("regenerates only with the password and a current TOTP code; the old set stops working", async () => {
    const { user, secret, codes } = await enrolled();
    const regen = (body: unknown) => regenerateRecoveryCodes(deps, user.id, body, null);
    expect(await codeOf(regen({ currentPassword: PASSWORD }))).toBe("VALIDATION_FAILED");
    expect(await codeOf(regen({ currentPassword: PASSWORD, totp: codes[0] }))).toBe("TOTP_INVALID");
    const wrongPassword = { currentPassword: "not the password", totp: totpCode(secret, totpStep(clock)) };
    expect(await codeOf(regen(wrongPassword))).toBe("INVALID_CREDENTIALS");
    tick(30);
    const { recoveryCodes } = await regen({
      currentPassword: PASSWORD,
      totp: totpCode(secret, totpStep(clock)),
    });
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes.some((c) => codes.includes(c))).toBe(false);
    expect(await signIn(user.email, codes[1] ?? "")).toBe("TOTP_INVALID");
    expect(await signIn(user.email, recoveryCodes[0] ?? "")).toBe("OK");
    const actions = (await auditOf(user.id)).map((a) => a.action);
    expect(actions).toEqual(["recovery-codes.issued", "recovery-codes.regenerated", "recovery-code.used"]);
  });

  it("has no recovery codes without a second factor", async () => {
    const user = await createUser(
      t.db,
      { email: `plain${++n}@example.jp`, name: "P", password: PASSWORD },
      clock,
    );
    expect(
      await codeOf(
        regenerateRecoveryCodes(deps, user.id, { currentPassword: PASSWORD, totp: "123456" }, null),
      ),
    ).toBe("TOTP_SETUP_REQUIRED");
    expect(await recoveryCodeStatus(t.db, user.id)).toEqual({ remaining: 0, total: 0, createdAt: null });
  });
});
