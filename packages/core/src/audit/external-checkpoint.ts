import { readFileSync } from "node:fs";
import { z } from "zod";
import { eachZipEntry, readAll } from "../bundle/zip-read.ts";
import type { Db } from "../db/create-db.ts";
import type { VerifyProblem } from "../vault/verify.ts";
import { auditPublicKeys, type Checkpoint, verifyCheckpoint } from "./checkpoints.ts";

/** Where bundles and packages carry the newest signed checkpoint of the instance that built them. */
export const CHECKPOINT_ENTRY = "audit/checkpoint.json";

const checkpointSchema = z.object({
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signedAt: z.string().min(1),
  keyId: z.string().min(1),
  signature: z.string().min(1),
});

/**
 * Reads a checkpoint kept outside the instance: a checkpoint JSON file, or an evidence bundle or application
 * package ZIP (from its `audit/checkpoint.json`). Throws with a readable reason otherwise.
 */
export async function readCheckpointSource(path: string): Promise<Checkpoint> {
  const head = readFileSync(path).subarray(0, 4);
  let text: string | null = null;
  if (head.toString("latin1").startsWith("PK")) {
    await eachZipEntry(
      path,
      (name) => name === CHECKPOINT_ENTRY,
      async (_name, stream) => {
        text = (await readAll(stream, 64 * 1024)).toString("utf8");
      },
    );
    if (text === null) throw new Error(`${CHECKPOINT_ENTRY} not found in the archive`);
  } else text = readFileSync(path, "utf8");
  const parsed = checkpointSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error("not a jcstar audit checkpoint");
  return parsed.data;
}

/**
 * Checks a checkpoint kept outside the data folder against the log: it must be signed by a key of this instance,
 * and the entry at its sequence number must still exist with the signed hash. Deleting rows and checkpoints after
 * an earlier point (a rollback), or rewriting them, fails here even when the log itself is consistent.
 */
export async function verifyExternalCheckpoint(
  db: Db,
  c: Checkpoint,
): Promise<{ ok: boolean; problems: VerifyProblem[] }> {
  const problems: VerifyProblem[] = [];
  const ref = `checkpoint#${c.seq}`;
  const key = (await auditPublicKeys(db)).find((k) => k.keyId === c.keyId);
  if (!key || !verifyCheckpoint(c, key.publicKeyPem)) {
    problems.push({
      code: "CHECKPOINT_INVALID",
      ref,
      detail: "not signed by this instance's audit key / このインスタンスの監査鍵で署名されていません",
    });
    return { ok: false, problems };
  }
  const entry = await db
    .selectFrom("audit_entries")
    .select(["seq", "hash"])
    .where("seq", "=", c.seq)
    .executeTakeFirst();
  if (!entry)
    problems.push({
      code: "CHAIN_ROLLED_BACK",
      ref,
      detail: `audit entry ${c.seq} is no longer in the log: it was rolled back / 監査記録 ${c.seq} がログから消えています（巻き戻し）`,
    });
  else if (entry.hash !== c.hash)
    problems.push({
      code: "CHAIN_ROLLED_BACK",
      ref,
      detail: `audit entry ${c.seq} differs from what was signed: the log was rolled back and rewritten / 監査記録 ${c.seq} が署名時と異なります（巻き戻し・書き換え）`,
    });
  return { ok: problems.length === 0, problems };
}
