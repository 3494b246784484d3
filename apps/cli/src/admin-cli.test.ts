import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { createDb, getSecret, loadInstanceKey, migrateToLatest, putSecret } from "@jcstar/core";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";

const BIN = resolve(import.meta.dirname, "../bin/jcstar.js");
const cli = (args: string[], env: Record<string, string> = {}) => {
  const { JCSTAR_INSTANCE_KEY: _drop, DATABASE_URL: _db, ...rest } = process.env;
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...rest, ...env },
    timeout: 120_000,
  });
};

describe("jcstar admin rotate-key", () => {
  const dir = tempDir("jcstar-rotate-cli-");
  afterAll(() => dir.cleanup());

  it("re-encrypts the secrets with a new key file that the next start uses", async () => {
    const handle = await createDb({ dataDir: dir.path });
    await migrateToLatest(handle.db);
    const before = loadInstanceKey(dir.path, {});
    await putSecret(handle.db, before, "device:cam-admin", "a device password", new Date());
    await handle.close();

    const result = cli(["admin", "rotate-key", "--data", dir.path]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/re-encrypted 1 secret\(s\) with key [0-9a-f]{12}/);

    const after = loadInstanceKey(dir.path, {});
    expect(after.keyId).not.toBe(before.keyId);
    expect(result.stdout).toContain(after.keyId);
    const again = await createDb({ dataDir: dir.path });
    try {
      expect(await getSecret(again.db, after, "device:cam-admin")).toBe("a device password");
    } finally {
      await again.close();
    }
  });

  it("refuses to rotate a key given in JCSTAR_INSTANCE_KEY and says why", () => {
    const result = cli(["admin", "rotate-key", "--data", dir.path], {
      JCSTAR_INSTANCE_KEY: Buffer.alloc(32, 1).toString("base64"),
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("JCSTAR_INSTANCE_KEY");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
