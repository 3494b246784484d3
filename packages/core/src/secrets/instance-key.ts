import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-write.ts";

/** The key that encrypts secrets at rest. It is kept outside the database: a 0600 file or an environment variable. */
export type InstanceKey = { key: Buffer; keyId: string; source: "env" | "file"; path?: string };

export const INSTANCE_KEY_FILE = "instance.key";

export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== 32) throw new Error(`${where} must hold 32 bytes in base64 (got ${key.length})`);
  return key;
}

/**
 * Loads the instance key from JCSTAR_INSTANCE_KEY (base64, 32 bytes) or `<dataDir>/instance.key`,
 * creating that file with mode 0600 at first run. A key file readable by others is tightened to 0600.
 */
export function loadInstanceKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): InstanceKey {
  const fromEnv = env.JCSTAR_INSTANCE_KEY;
  if (fromEnv) {
    const key = decodeKey(fromEnv, "JCSTAR_INSTANCE_KEY");
    return { key, keyId: keyIdOf(key), source: "env" };
  }
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, INSTANCE_KEY_FILE);
  if (!existsSync(path)) writeFileAtomic(path, `${randomBytes(32).toString("base64")}\n`, 0o600);
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const key = decodeKey(readFileSync(path, "utf8"), path);
  return { key, keyId: keyIdOf(key), source: "file", path };
}

/** Writes a new key file atomically (rotation). */
export function writeInstanceKeyFile(path: string, key: Buffer): void {
  writeFileAtomic(path, `${key.toString("base64")}\n`, 0o600);
}
