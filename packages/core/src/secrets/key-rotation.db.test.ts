import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { INSTANCE_KEY_FILE, keyIdOf, loadInstanceKey } from "./instance-key.ts";
import { PENDING_KEY_FILE, recoverKeyRotation, rotateInstanceKey } from "./key-rotation.ts";
import { seal } from "./secret-box.ts";
import { getSecret, putSecret } from "./secret-store.ts";

describe.each(testDialects())("instance key rotation on %s", (dialect) => {
  let t: TestDb;
  let dataDir: string;
  let dir: ReturnType<typeof tempDir>;
  const now = new Date("2026-11-26T00:00:00Z");
  const env = {} as NodeJS.ProcessEnv;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    dir = tempDir("jcstar-key-");
    dataDir = dir.path;
    const key = loadInstanceKey(dataDir, env);
    await putSecret(t.db, key, "smtp-password", "s3cret smtp", now);
    await t.db
      .insertInto("users")
      .values({
        id: "usr_rot",
        email: "rot@example.jp",
        name: "Rot",
        password_hash: "x",
        instance_role: "admin",
        totp_secret: seal(key, "totp:usr_rot", "JBSWY3DPEHPK3PXP"),
        totp_enabled: 1,
        totp_last_step: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .execute();
  });
  afterAll(async () => {
    await t?.dispose();
    dir?.cleanup();
  });

  it("re-encrypts every secret with a new key file and leaves nothing pending", async () => {
    const before = loadInstanceKey(dataDir, env);
    const { count, keyId } = await rotateInstanceKey(t.db, dataDir, now);
    expect(count).toBe(2);
    const after = loadInstanceKey(dataDir, env);
    expect(after.keyId).toBe(keyId);
    expect(after.keyId).not.toBe(before.keyId);
    expect(existsSync(join(dataDir, PENDING_KEY_FILE))).toBe(false);
    expect(await getSecret(t.db, after, "smtp-password")).toBe("s3cret smtp");
    await expect(getSecret(t.db, before, "smtp-password")).rejects.toThrow();
  });

  it("finishes a rotation that stopped after the database switched to the new key", async () => {
    const before = loadInstanceKey(dataDir, env);
    await expect(
      rotateInstanceKey(t.db, dataDir, now, {
        afterDatabase: () => {
          throw new Error("power cut");
        },
      }),
    ).rejects.toThrow("power cut");
    // The key file is still the old one, which no longer opens the database's secrets.
    expect(loadInstanceKey(dataDir, env).keyId).toBe(before.keyId);
    await expect(getSecret(t.db, before, "smtp-password")).rejects.toThrow();
    expect(await recoverKeyRotation(t.db, dataDir)).toBe("completed");
    const recovered = loadInstanceKey(dataDir, env);
    expect(recovered.keyId).not.toBe(before.keyId);
    expect(await getSecret(t.db, recovered, "smtp-password")).toBe("s3cret smtp");
    expect(existsSync(join(dataDir, PENDING_KEY_FILE))).toBe(false);
  });

  it("drops a pending key the database never used, keeping the current key", async () => {
    const current = loadInstanceKey(dataDir, env);
    const stray = Buffer.alloc(32, 7);
    writeFileSync(join(dataDir, PENDING_KEY_FILE), `${stray.toString("base64")}\n`, { mode: 0o600 });
    expect(await recoverKeyRotation(t.db, dataDir)).toBe("rolled-back");
    expect(existsSync(join(dataDir, PENDING_KEY_FILE))).toBe(false);
    expect(loadInstanceKey(dataDir, env).keyId).toBe(current.keyId);
    expect(keyIdOf(stray)).not.toBe(current.keyId);
    expect(await getSecret(t.db, current, "smtp-password")).toBe("s3cret smtp");
    expect(existsSync(join(dataDir, INSTANCE_KEY_FILE))).toBe(true);
    expect(await recoverKeyRotation(t.db, dataDir)).toBe("none");
  });
});
