import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../db/create-db.ts";
import { writeFileAtomic } from "../secrets/atomic-write.ts";
import type { InstanceKey } from "../secrets/instance-key.ts";
import { getSecret, putSecret } from "../secrets/secret-store.ts";
import { sha256Hex } from "./canonical-json.ts";

export const CHECKPOINT_FILE = "audit-checkpoints.jsonl";
export const PUBLIC_KEY_FILE = "audit-public-key.pem";
const SIGNING_SECRET = "audit.signing-key";

/** A signed statement "the chain had this head at this sequence number". */
export type Checkpoint = { seq: number; hash: string; signedAt: string; keyId: string; signature: string };

export type Signer = { privateKey: KeyObject; publicKeyPem: string; keyId: string };

export function keyIdOfPublicKey(pem: string): string {
  return sha256Hex(pem.trim()).slice(0, 16);
}

/** The bytes a checkpoint signature covers. */
export function checkpointMessage(c: Pick<Checkpoint, "seq" | "hash" | "signedAt">): Buffer {
  return Buffer.from(`jcstar-audit-checkpoint\n${c.seq}\n${c.hash}\n${c.signedAt}`);
}

/**
 * The instance's Ed25519 signing key for audit checkpoints: created at first use, the private half kept
 * encrypted with the instance key in the secret store, the public half written to the data folder.
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
  const publicKeyPem = createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString();
  const publicPath = join(dataDir, PUBLIC_KEY_FILE);
  if (!existsSync(publicPath) || readFileSync(publicPath, "utf8") !== publicKeyPem) {
    writeFileAtomic(publicPath, publicKeyPem, 0o644);
  }
  return { privateKey, publicKeyPem, keyId: keyIdOfPublicKey(publicKeyPem) };
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
 * Signs the current chain head when it moved since the last checkpoint, records it in the database and
 * appends it to the checkpoint file outside the database (fsynced). Returns the checkpoint, or null when
 * nothing changed.
 */
export async function checkpoint(
  db: Db,
  signer: Signer,
  dataDir: string,
  now: Date,
): Promise<Checkpoint | null> {
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
  const file = join(dataDir, CHECKPOINT_FILE);
  appendFileSync(file, `${JSON.stringify(c)}\n`, { mode: 0o644 });
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return c;
}

/** Checkpoints written to the file outside the database; malformed lines are reported by the caller. */
export function readCheckpointFile(dataDir: string): { checkpoints: Checkpoint[]; badLines: number[] } {
  const file = join(dataDir, CHECKPOINT_FILE);
  if (!existsSync(file)) return { checkpoints: [], badLines: [] };
  const checkpoints: Checkpoint[] = [];
  const badLines: number[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const c = JSON.parse(line) as Checkpoint;
        if (typeof c.seq !== "number" || typeof c.hash !== "string" || typeof c.signature !== "string")
          throw new Error();
        checkpoints.push(c);
      } catch {
        badLines.push(i + 1);
      }
    });
  return { checkpoints, badLines };
}
