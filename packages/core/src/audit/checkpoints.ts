import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { existsSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../db/create-db.ts";
import type { InstanceKey } from "../secrets/instance-key.ts";
import { getSecret, putSecret } from "../secrets/secret-store.ts";
import { sha256Hex } from "./canonical-json.ts";
import { keyFingerprint, pemOf } from "./public-key.ts";

/** Where checkpoints and the public key used to be kept (data folder); read only by the one-time import. */
export const LEGACY_CHECKPOINT_FILE = "audit-checkpoints.jsonl";
export const LEGACY_PUBLIC_KEY_FILE = "audit-public-key.pem";
const SIGNING_SECRET = "audit.signing-key";

/** A signed statement "the chain had this head at this sequence number". */
export type Checkpoint = { seq: number; hash: string; signedAt: string; keyId: string; signature: string };

export type Signer = { privateKey: KeyObject; publicKeyPem: string; keyId: string; fingerprint: string };

export function keyIdOfPublicKey(pem: string): string {
  return sha256Hex(pem.trim()).slice(0, 16);
}

/** The bytes a checkpoint signature covers. */
export function checkpointMessage(c: Pick<Checkpoint, "seq" | "hash" | "signedAt">): Buffer {
  return Buffer.from(`jcstar-audit-checkpoint\n${c.seq}\n${c.hash}\n${c.signedAt}`);
}

/**
 * The instance's Ed25519 signing key for audit checkpoints: created at first use, the private half kept
 * encrypted with the instance key in the secret store, the public half recorded in `audit_keys` (shared by every
 * host of the instance). Also imports, once, checkpoints an older version wrote to the data folder.
 */
export async function loadSigner(db: Db, key: InstanceKey, dataDir: string, now: Date): Promise<Signer> {
  let pem = await getSecret(db, key, SIGNING_SECRET);
  if (!pem) {
    const pair = generateKeyPairSync("ed25519");
    pem = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    await putSecret(db, key, SIGNING_SECRET, pem, now);
    // Another process may have won the race: read back what is stored.
    pem = (await getSecret(db, key, SIGNING_SECRET)) ?? pem;
  }
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = pemOf(publicKey);
  const signer = {
    privateKey,
    publicKeyPem,
    keyId: keyIdOfPublicKey(publicKeyPem),
    fingerprint: keyFingerprint(publicKey),
  };
  await db
    .insertInto("audit_keys")
    .values({
      key_id: signer.keyId,
      public_key: publicKeyPem,
      fingerprint: signer.fingerprint,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await importLegacyCheckpoints(db, dataDir);
  return signer;
}

/** The audit public keys of this instance (every key that ever signed a checkpoint here). */
export async function auditPublicKeys(
  db: Db,
): Promise<{ keyId: string; publicKeyPem: string; fingerprint: string; createdAt: string }[]> {
  const rows = await db.selectFrom("audit_keys").selectAll().orderBy("created_at").execute();
  return rows.map((r) => ({
    keyId: r.key_id,
    publicKeyPem: r.public_key,
    fingerprint: r.fingerprint,
    createdAt: r.created_at,
  }));
}

/**
 * Moves checkpoints from the legacy file `DATA/audit-checkpoints.jsonl` into the database (rows already there are
 * kept), then renames the file to `….imported` so that it is read only once. Unreadable lines are skipped; the
 * signatures are checked by `verifyVault` like any other checkpoint.
 */
export async function importLegacyCheckpoints(db: Db, dataDir: string): Promise<number> {
  const file = join(dataDir, LEGACY_CHECKPOINT_FILE);
  if (!existsSync(file)) return 0;
  const { checkpoints } = readLegacyCheckpointFile(file);
  for (const c of checkpoints) {
    await db
      .insertInto("audit_checkpoints")
      .values({ seq: c.seq, hash: c.hash, signed_at: c.signedAt, key_id: c.keyId, signature: c.signature })
      .onConflict((oc) => oc.column("seq").doNothing())
      .execute();
  }
  try {
    renameSync(file, `${file}.imported`);
  } catch (error) {
    // Another process of the instance imported it first.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  return checkpoints.length;
}

export function verifyCheckpoint(c: Checkpoint, publicKeyPem: string): boolean {
  if (keyIdOfPublicKey(publicKeyPem) !== c.keyId) return false;
  try {
    return verify(
      null,
      checkpointMessage(c),
      createPublicKey(publicKeyPem),
      Buffer.from(c.signature, "base64"),
    );
  } catch {
    return false;
  }
}

/**
 * Signs the current chain head when it moved since the last checkpoint and records it in the database.
 * Returns the checkpoint, or null when nothing changed.
 */
export async function checkpoint(db: Db, signer: Signer, now: Date): Promise<Checkpoint | null> {
  const head = await db.selectFrom("audit_head").selectAll().where("id", "=", 1).executeTakeFirstOrThrow();
  if (head.seq === 0) return null;
  const last = await db
    .selectFrom("audit_checkpoints")
    .select("seq")
    .orderBy("seq", "desc")
    .executeTakeFirst();
  if (last && Number(last.seq) >= head.seq) return null;
  const entry = await db
    .selectFrom("audit_entries")
    .select(["seq", "hash"])
    .where("seq", "=", head.seq)
    .executeTakeFirst();
  if (!entry) return null;
  const base = { seq: Number(entry.seq), hash: entry.hash, signedAt: now.toISOString() };
  const c: Checkpoint = {
    ...base,
    keyId: signer.keyId,
    signature: sign(null, checkpointMessage(base), signer.privateKey).toString("base64"),
  };
  await db
    .insertInto("audit_checkpoints")
    .values({ seq: c.seq, hash: c.hash, signed_at: c.signedAt, key_id: c.keyId, signature: c.signature })
    .onConflict((oc) => oc.column("seq").doNothing())
    .execute();
  return c;
}

/** The newest signed checkpoint in the database, or null before the first one. */
export async function latestCheckpoint(db: Db): Promise<Checkpoint | null> {
  const last = await db.selectFrom("audit_checkpoints").selectAll().orderBy("seq", "desc").executeTakeFirst();
  return last
    ? {
        seq: Number(last.seq),
        hash: last.hash,
        signedAt: last.signed_at,
        keyId: last.key_id,
        signature: last.signature,
      }
    : null;
}

/** Checkpoints of the legacy file; malformed lines are skipped. */
function readLegacyCheckpointFile(file: string): { checkpoints: Checkpoint[]; badLines: number[] } {
  const checkpoints: Checkpoint[] = [];
  const badLines: number[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const c = JSON.parse(line) as Checkpoint;
        if (
          typeof c.seq !== "number" ||
          typeof c.hash !== "string" ||
          typeof c.signature !== "string" ||
          typeof c.signedAt !== "string" ||
          typeof c.keyId !== "string"
        )
          throw new Error();
        checkpoints.push(c);
      } catch {
        badLines.push(i + 1);
      }
    });
  return { checkpoints, badLines };
}
