import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../db/create-db.ts";
import {
  INSTANCE_KEY_FILE,
  type InstanceKey,
  keyIdOf,
  loadInstanceKey,
  writeInstanceKeyFile,
} from "./instance-key.ts";
import type { Envelope } from "./secret-box.ts";
import { reencryptAll } from "./secret-store.ts";

/** Where a rotation keeps the new key until the database has switched to it. */
export const PENDING_KEY_FILE = `${INSTANCE_KEY_FILE}.next`;

/** Every key id that sealed a value in the database (secrets table and TOTP secrets). */
async function keyIdsInUse(db: Db): Promise<Set<string>> {
  const ids = new Set<string>();
  const add = (sealed: string | null) => {
    if (!sealed) return;
    try {
      ids.add((JSON.parse(sealed) as Envelope).keyId);
    } catch {
      // A value that is not an envelope does not tell which key is in use.
    }
  };
  for (const row of await db.selectFrom("secrets").select("envelope").execute()) add(row.envelope);
  for (const row of await db
    .selectFrom("users")
    .select("totp_secret")
    .where("totp_secret", "is not", null)
    .execute())
    add(row.totp_secret);
  return ids;
}

export type RotationRecovery = "none" | "completed" | "rolled-back";

/**
 * Finishes or undoes a key rotation that stopped half-way (`instance.key.next` left behind). The database
 * re-encryption is one transaction, so the database uses either the old key or the new one: when it uses the
 * new one, the pending file becomes the key file; otherwise the pending file is dropped. Run before the
 * instance key is loaded (server start, CLI).
 */
export async function recoverKeyRotation(db: Db, dataDir: string): Promise<RotationRecovery> {
  const pending = join(dataDir, PENDING_KEY_FILE);
  if (!existsSync(pending)) return "none";
  const nextKey = Buffer.from(readFileSync(pending, "utf8").trim(), "base64");
  const inUse = await keyIdsInUse(db);
  if (nextKey.length === 32 && inUse.has(keyIdOf(nextKey))) {
    renameSync(pending, join(dataDir, INSTANCE_KEY_FILE));
    return "completed";
  }
  rmSync(pending, { force: true });
  return "rolled-back";
}

/**
 * Re-encrypts every secret with a fresh instance key. The new key is written to `instance.key.next` before
 * the database changes and renamed over `instance.key` after, so a stop at any point is recoverable by
 * `recoverKeyRotation`. A key from JCSTAR_INSTANCE_KEY cannot be rotated here.
 */
export async function rotateInstanceKey(
  db: Db,
  dataDir: string,
  now: Date,
  hooks: { afterDatabase?: () => void } = {},
): Promise<{ count: number; keyId: string }> {
  await recoverKeyRotation(db, dataDir);
  const current = loadInstanceKey(dataDir);
  if (current.source === "env" || !current.path) {
    throw new Error(
      "the key comes from JCSTAR_INSTANCE_KEY: rotate it by re-encrypting with a new value in your secret manager / 環境変数の鍵は自動更新できません",
    );
  }
  const key = randomBytes(32);
  const next: InstanceKey = { key, keyId: keyIdOf(key), source: "file", path: current.path };
  const pending = join(dataDir, PENDING_KEY_FILE);
  writeInstanceKeyFile(pending, key);
  const count = await reencryptAll(db, current, next, now);
  hooks.afterDatabase?.();
  renameSync(pending, current.path);
  return { count, keyId: next.keyId };
}
