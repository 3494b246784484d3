import { randomBytes } from "node:crypto";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { AppError } from "../errors/app-error.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { createProduct } from "../product/product.ts";
import { keyIdOf } from "../secrets/instance-key.ts";
import { reencryptAll } from "../secrets/secret-store.ts";
import { readSettings } from "../settings/instance-settings.ts";
import { writeDeviceTestAllowlist } from "./allowlist-settings.ts";
import { createDeviceProfile, listDeviceProfiles, updateDeviceProfile } from "./device-profiles.ts";
import { listDeviceRuns, requestDeviceRun } from "./device-runs.ts";
import {
  deleteDeviceSecret,
  listDeviceSecrets,
  readDeviceSecrets,
  setDeviceSecret,
} from "./device-secrets.ts";
import { buildPlatformEndpoints } from "./platform-endpoints.ts";
import { checkTargetAllowed } from "./target-allowlist.ts";

async function appError(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

const profileText = (host: string, extra = "") =>
  `name: lab unit
host: ${host}
scan: { tcp: "1883", udp: false }
services:
  - id: broker
    protocol: mqtt
    port: 1883
    auth: { username: device, passwordSecret: broker-pw }
${extra}`;

describe("allowlist check (no database)", () => {
  const list = ["127.0.0.0/8", "::1"];
  it("allows loopback, refuses TEST-NET and a name with any address outside", async () => {
    expect(await checkTargetAllowed("127.0.0.1", list)).toEqual(["127.0.0.1"]);
    expect(await checkTargetAllowed("::1", list)).toEqual(["::1"]);
    expect(await checkTargetAllowed("::ffff:127.0.0.2", list)).toEqual(["127.0.0.2"]);
    const refused = await appError(checkTargetAllowed("192.0.2.1", list));
    expect(refused.code).toBe("DEVICE_TARGET_NOT_ALLOWED");
    expect(refused.messageIn("en")).toContain("192.0.2.1");
    const split = async (host: string) => (host === "cam.lab" ? ["127.0.0.1", "192.0.2.7"] : ["127.0.0.1"]);
    expect((await appError(checkTargetAllowed("cam.lab", list, split))).code).toBe(
      "DEVICE_TARGET_NOT_ALLOWED",
    );
    expect(await checkTargetAllowed("cam.lab", ["192.0.2.0/29", "127.0.0.1"], split)).toEqual([
      "127.0.0.1",
      "192.0.2.7",
    ]);
    // A host-name entry allows the addresses it resolves to.
    const named = async (host: string) => (host === "lab-gw" ? ["10.9.8.7"] : ["10.9.8.7"]);
    expect(await checkTargetAllowed("10.9.8.7", ["lab-gw"], named)).toEqual(["10.9.8.7"]);
    expect((await appError(checkTargetAllowed("10.9.8.8", ["10.9.8.7/32"]))).code).toBe(
      "DEVICE_TARGET_NOT_ALLOWED",
    );
    const unresolvable = async () => {
      throw new Error("ENOTFOUND");
    };
    expect((await appError(checkTargetAllowed("nowhere.invalid", list, unresolvable))).code).toBe(
      "DEVICE_TARGET_NOT_ALLOWED",
    );
  });
});

describe.each(testDialects())("device profiles, secrets and run requests on %s", (dialect) => {
  let t: TestDb;
  let ctx: RequestContext;
  let other: RequestContext;
  let productId = "";
  const key = randomBytes(32);
  const instanceKey = { key, keyId: keyIdOf(key), source: "env" as const };
  const now = () => new Date();
  const databaseUrl = dialect === "postgres" ? (process.env.TEST_DATABASE_URL as string) : undefined;
  // As start-server.ts builds it; this test has no listener of its own, the database is the test database.
  const platform = buildPlatformEndpoints({ listen: [], databaseUrl, interfaces: networkInterfaces() });
  const deps = () => ({ db: t.db, now, instanceKey, catalog: loadCatalog(), platform });

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const org = await createOrganisation(t.db, "Maker", now());
    const org2 = await createOrganisation(t.db, "Other", now());
    ctx = { orgId: org.id, actor: { id: null, name: "Tester" }, lang: "en" };
    other = { orgId: org2.id, actor: { id: null, name: "Other" }, lang: "en" };
    productId = (await createProduct(deps(), ctx, { name: "CAM-1", category: "camera" })).id;
  });
  afterAll(async () => t?.dispose());

  it("a new instance has an empty allowlist: a run is refused with a code telling the admin to add networks", async () => {
    expect((await readSettings(t.db)).deviceTestAllowlist).toEqual([]);
    await setDeviceSecret(deps(), ctx, "broker-pw", { value: "x" });
    const stored = await createDeviceProfile(deps(), ctx, productId, {
      name: "first",
      source: profileText("127.0.0.1"),
    });
    const refused = await appError(requestDeviceRun(deps(), ctx, productId, { profileId: stored.id }));
    expect(refused.code).toBe("DEVICE_ALLOWLIST_EMPTY");
    expect(refused.status).toBe(422);
    expect(refused.messageIn("en")).toContain("add the lab networks");
    expect(refused.messageIn("ja")).toContain("試験用ネットワーク");
    expect(await t.db.selectFrom("jobs").select("id").execute()).toEqual([]);
    await t.db.deleteFrom("device_profiles").where("id", "=", stored.id).execute();
    await t.db.deleteFrom("secrets").execute();
  });

  it("a list saved before the upgrade (the old loopback default) is kept as it is", async () => {
    const value = JSON.stringify({ deviceTestAllowlist: ["127.0.0.0/8", "::1"], smtp: null });
    await t.db
      .insertInto("instance_settings")
      .values({ key: "settings", value, updated_at: now().toISOString() })
      .execute();
    expect((await readSettings(t.db)).deviceTestAllowlist).toEqual(["127.0.0.0/8", "::1"]);
    await t.db.deleteFrom("instance_settings").execute();
    expect((await readSettings(t.db)).deviceTestAllowlist).toEqual([]);
  });

  it("the database port is refused when the server uses PostgreSQL, even with loopback allowlisted", async () => {
    await writeDeviceTestAllowlist(t.db, null, { allowlist: ["127.0.0.0/8", "::1"] }, now());
    await setDeviceSecret(deps(), ctx, "broker-pw", { value: "x" });
    const source = `name: pg\nhost: "127.0.0.1"\nscan: { tcp: "5432", udp: false }\n`;
    const stored = await createDeviceProfile(deps(), ctx, productId, { name: "pg", source });
    const run = requestDeviceRun(deps(), ctx, productId, { profileId: stored.id, probes: ["ports"] });
    if (dialect === "postgres") {
      const refused = await appError(run);
      expect(refused.code).toBe("DEVICE_TARGET_PLATFORM");
      expect(refused.messageIn("en")).toContain("127.0.0.1 port 5432) is this platform's own database");
      expect(refused.messageIn("ja")).toContain("データベース");
    } else expect((await run).status).toBe("queued");
    // The SMTP server the instance sends mail through is refused too (checked on the settings as they are now).
    const smtp = { host: "localhost", port: 2525, secure: false, user: null, from: "jcstar@example.jp" };
    const value = JSON.stringify({ deviceTestAllowlist: ["127.0.0.0/8", "::1"], smtp });
    await t.db.updateTable("instance_settings").set({ value }).where("key", "=", "settings").execute();
    const mail = await createDeviceProfile(deps(), ctx, productId, {
      name: "smtp",
      source: `name: smtp\nhost: "127.0.0.1"\nscan: { tcp: "2525", udp: false }\nservices:\n  - { id: s, protocol: http, port: 2525 }\n`,
    });
    const refused = await appError(requestDeviceRun(deps(), ctx, productId, { profileId: mail.id }));
    expect(refused.code).toBe("DEVICE_TARGET_PLATFORM");
    expect(refused.messageIn("en")).toContain("mail (SMTP) server");
    await t.db.deleteFrom("device_runs").execute();
    await t.db.deleteFrom("jobs").execute();
    await t.db.deleteFrom("device_profiles").execute();
    await t.db.deleteFrom("secrets").execute();
    await t.db.deleteFrom("instance_settings").execute();
  });

  it("stores a valid profile and refuses an invalid one with line-located problems", async () => {
    const p = await createDeviceProfile(deps(), ctx, productId, {
      name: "lab",
      source: profileText("127.0.0.1"),
    });
    expect(p).toMatchObject({ host: "127.0.0.1", secrets: ["broker-pw"], version: 1 });
    const bad = await appError(
      createDeviceProfile(deps(), ctx, productId, {
        name: "bad",
        source: "name: x\nhost: h\nservices:\n  - { id: a, protocol: gopher, port: 99999 }\n",
      }),
    );
    expect(bad.code).toBe("DEVICE_PROFILE_INVALID");
    expect(bad.details.map((d) => d.path).sort()).toEqual(["services[0].port", "services[0].protocol"]);
    expect(bad.details[0]?.message.en).toMatch(/^line 4, column \d+: /);
    // Server-side runs never read the server's environment or files.
    const env = await appError(
      createDeviceProfile(deps(), ctx, productId, {
        name: "env",
        source: profileText("127.0.0.1")
          .replace("passwordSecret: broker-pw", "passwordEnv: JCSTAR_INSTANCE_KEY")
          .concat("defaultCredentials: { list: /etc/shadow }\n"),
      }),
    );
    expect(env.details.map((d) => d.path)).toEqual([
      "services[0].auth.passwordEnv",
      "defaultCredentials.list",
    ]);
    const withPassword = await appError(
      createDeviceProfile(deps(), ctx, productId, {
        name: "pw",
        source: profileText("127.0.0.1").replace("passwordSecret: broker-pw", "password: hunter2"),
      }),
    );
    expect(withPassword.details[0]?.message.en).toContain("never put a password in the file");
    expect(
      (
        await appError(
          createDeviceProfile(deps(), ctx, productId, { name: "lab", source: profileText("::1") }),
        )
      ).code,
    ).toBe("ALREADY_EXISTS");
    const updated = await updateDeviceProfile(deps(), ctx, p.id, {
      name: "lab",
      source: profileText("::1"),
      version: 1,
    });
    expect(updated).toMatchObject({ host: "::1", version: 2 });
    expect(
      (
        await appError(
          updateDeviceProfile(deps(), ctx, p.id, { name: "lab", source: profileText("::1"), version: 1 }),
        )
      ).code,
    ).toBe("VERSION_CONFLICT");
    expect((await appError(listDeviceProfiles(deps(), other, productId))).code).toBe("NOT_FOUND");
  });

  it("keeps device passwords encrypted, per organisation, and never lists a value", async () => {
    const value = `S3cret-${randomBytes(6).toString("hex")}`;
    await setDeviceSecret(deps(), ctx, "broker-pw", { value });
    await setDeviceSecret(deps(), ctx, "spare", { value: "x" });
    const listed = await listDeviceSecrets(deps(), ctx);
    expect(listed.map((s) => s.name)).toEqual(["broker-pw", "spare"]);
    expect(JSON.stringify(listed)).not.toContain(value);
    expect(await listDeviceSecrets(deps(), other)).toEqual([]);
    const rows = await t.db.selectFrom("secrets").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(value);
    const audit = await t.db.selectFrom("audit_entries").select("data").execute();
    expect(JSON.stringify(audit)).not.toContain(value);
    expect((await readDeviceSecrets(t.db, instanceKey, ctx.orgId, ["broker-pw"])).get("broker-pw")).toBe(
      value,
    );
    expect((await appError(readDeviceSecrets(t.db, instanceKey, other.orgId, ["broker-pw"]))).code).toBe(
      "DEVICE_SECRET_MISSING",
    );
    // Key rotation re-encrypts device passwords with the rest of the secret store.
    const nextKey = randomBytes(32);
    const next = { key: nextKey, keyId: keyIdOf(nextKey), source: "env" as const };
    await reencryptAll(t.db, instanceKey, next, now());
    expect((await readDeviceSecrets(t.db, next, ctx.orgId, ["broker-pw"])).get("broker-pw")).toBe(value);
    await reencryptAll(t.db, next, instanceKey, now());
    await deleteDeviceSecret(deps(), ctx, "spare");
    expect((await appError(deleteDeviceSecret(deps(), ctx, "spare"))).code).toBe("NOT_FOUND");
    expect((await appError(setDeviceSecret(deps(), ctx, "bad name!", { value: "x" }))).code).toBe(
      "VALIDATION_FAILED",
    );
  });

  it("queues a run for an allowed target; refuses TEST-NET and missing secrets before queuing", async () => {
    await writeDeviceTestAllowlist(t.db, null, { allowlist: ["127.0.0.0/8", "::1"] }, now());
    const good = await createDeviceProfile(deps(), ctx, productId, {
      name: "loopback",
      source: profileText("127.0.0.1"),
    });
    const run = await requestDeviceRun(deps(), ctx, productId, { profileId: good.id, probes: ["ports"] });
    expect(run).toMatchObject({ status: "queued", origin: "server", host: "127.0.0.1", probes: ["ports"] });
    const job = await t.db
      .selectFrom("jobs")
      .selectAll()
      .where("id", "=", run.jobId as string)
      .executeTakeFirst();
    expect(job).toMatchObject({ kind: "device-run", status: "queued", max_attempts: 1, org_id: ctx.orgId });

    const before = (await t.db.selectFrom("jobs").select("id").execute()).length;
    const testNet = await createDeviceProfile(deps(), ctx, productId, {
      name: "test-net",
      source: profileText("192.0.2.1"),
    });
    const refused = await appError(requestDeviceRun(deps(), ctx, productId, { profileId: testNet.id }));
    expect(refused.code).toBe("DEVICE_TARGET_NOT_ALLOWED");
    expect(refused.status).toBe(422);
    expect(refused.messageIn("en")).toBe(
      "192.0.2.1 (192.0.2.1) is not on the administrator's device-test allowlist (127.0.0.0/8, ::1): the run was refused and nothing was sent.",
    );
    const noSecret = await createDeviceProfile(deps(), ctx, productId, {
      name: "no-secret",
      source: profileText("127.0.0.1").replace("broker-pw", "unknown-pw"),
    });
    const missing = await appError(requestDeviceRun(deps(), ctx, productId, { profileId: noSecret.id }));
    expect(missing.code).toBe("DEVICE_SECRET_MISSING");
    expect(missing.messageIn("en")).toContain("unknown-pw");
    expect((await t.db.selectFrom("jobs").select("id").execute()).length).toBe(before);
    expect((await listDeviceRuns(deps(), ctx, productId)).map((r) => r.id)).toEqual([run.id]);
    expect((await appError(requestDeviceRun(deps(), other, productId, { profileId: good.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (await appError(writeDeviceTestAllowlist(t.db, null, { allowlist: ["10.0.0.0/33"] }, now()))).code,
    ).toBe("VALIDATION_FAILED");
  });
});
