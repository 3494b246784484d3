import { entryHash, GENESIS_HASH, toAuditEntry } from "../audit/audit-log.ts";
import { auditPublicKeys, type Checkpoint, verifyCheckpoint } from "../audit/checkpoints.ts";
import type { Db } from "../db/create-db.ts";
import { evidenceRowHash } from "../evidence/row-hash.ts";
import { type BlobStore, checkBlob } from "./blob-store.ts";

export type VerifyProblem = {
  code:
    | "CHAIN_BROKEN"
    | "CHAIN_GAP"
    | "CHAIN_TRUNCATED"
    | "CHECKPOINT_INVALID"
    | "CHECKPOINT_MISMATCH"
    | "CHAIN_ROLLED_BACK"
    | "ROW_ALTERED"
    | "ROW_REMOVED"
    | "ROW_UNAUDITED"
    | "FILE_MISSING"
    | "FILE_ALTERED";
  ref: string;
  detail: string;
};

export type VerifyReport = {
  ok: boolean;
  entries: number;
  evidence: number;
  files: number;
  checkpoints: number;
  problems: VerifyProblem[];
};

/**
 * Walks the whole audit chain: hashes recomputed, links to the previous entry, no gaps, head consistent. A rollback
 * (rows and checkpoints deleted after some point, the head put back) leaves a consistent log: only a checkpoint
 * kept outside (in a bundle or package) reveals it, see `verifyExternalCheckpoint`.
 */
async function verifyChain(
  db: Db,
  problems: VerifyProblem[],
): Promise<{ count: number; hashes: Map<number, string>; lastSeq: number }> {
  const hashes = new Map<number, string>();
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (let offset = 0; ; offset += 1000) {
    const rows = await db
      .selectFrom("audit_entries")
      .selectAll()
      .orderBy("seq")
      .limit(1000)
      .offset(offset)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const entry = toAuditEntry(row);
      count++;
      if (entry.seq !== expectedSeq) {
        problems.push({
          code: "CHAIN_GAP",
          ref: `audit#${expectedSeq}`,
          detail: `entries ${expectedSeq}…${entry.seq - 1} are missing`,
        });
        prevHash = entry.prevHash;
      }
      if (entry.prevHash !== prevHash) {
        problems.push({
          code: "CHAIN_BROKEN",
          ref: `audit#${entry.seq}`,
          detail: "does not link to the previous entry",
        });
      }
      if (entryHash(entry.prevHash, entry) !== entry.hash) {
        problems.push({
          code: "CHAIN_BROKEN",
          ref: `audit#${entry.seq}`,
          detail: "content does not match its hash (entry rewritten)",
        });
      }
      hashes.set(entry.seq, entry.hash);
      prevHash = entry.hash;
      expectedSeq = entry.seq + 1;
    }
  }
  const head = await db.selectFrom("audit_head").selectAll().where("id", "=", 1).executeTakeFirst();
  const lastSeq = expectedSeq - 1;
  if (head && Number(head.seq) !== lastSeq) {
    problems.push({
      code: "CHAIN_TRUNCATED",
      ref: `audit#${lastSeq}`,
      detail: `the head says ${head.seq} entries, ${lastSeq} found`,
    });
  }
  return { count, hashes, lastSeq };
}

function verifyCheckpoints(
  checkpoints: Checkpoint[],
  keys: Map<string, string>,
  hashes: Map<number, string>,
  lastSeq: number,
  problems: VerifyProblem[],
) {
  for (const c of checkpoints) {
    const publicKeyPem = keys.get(c.keyId);
    if (!publicKeyPem || !verifyCheckpoint(c, publicKeyPem)) {
      problems.push({
        code: "CHECKPOINT_INVALID",
        ref: `checkpoint#${c.seq}`,
        detail: "signature does not verify with the instance's public key",
      });
      continue;
    }
    if (c.seq > lastSeq) {
      problems.push({
        code: "CHAIN_TRUNCATED",
        ref: `checkpoint#${c.seq}`,
        detail: `a signed checkpoint covers entry ${c.seq} but the chain ends at ${lastSeq}`,
      });
    } else if (hashes.get(c.seq) !== c.hash) {
      problems.push({
        code: "CHECKPOINT_MISMATCH",
        ref: `checkpoint#${c.seq}`,
        detail: "the chain at this point differs from what was signed (rewritten)",
      });
    }
  }
}

/**
 * Verifies an instance: the audit chain, the signed checkpoints (table `audit_checkpoints`), every evidence row
 * against the hash recorded when it was written, and every file against its SHA-256. Records the outcome per
 * evidence (a failure becomes a readiness blocker) and returns every problem found.
 */
export async function verifyVault(db: Db, blobs: BlobStore, now: Date): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const { count, hashes, lastSeq } = await verifyChain(db, problems);

  const keys = new Map((await auditPublicKeys(db)).map((k) => [k.keyId, k.publicKeyPem]));
  const checkpoints = (await db.selectFrom("audit_checkpoints").selectAll().orderBy("seq").execute()).map(
    (r): Checkpoint => ({
      seq: Number(r.seq),
      hash: r.hash,
      signedAt: r.signed_at,
      keyId: r.key_id,
      signature: r.signature,
    }),
  );
  verifyCheckpoints(checkpoints, keys, hashes, lastSeq, problems);

  // Evidence rows against the hash recorded in their audit entry; audited rows that vanished.
  const recorded = new Map<string, string>();
  for (const row of await db
    .selectFrom("audit_entries")
    .select(["entity_id", "data", "action"])
    .where("entity_type", "=", "evidence")
    .orderBy("seq")
    .execute()) {
    const data = JSON.parse(row.data) as { rowHash?: string };
    if (data.rowHash) recorded.set(row.entity_id, data.rowHash);
  }
  const rows = await db.selectFrom("evidence").selectAll().execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const perEvidence = new Map<string, string | null>();
  for (const row of rows) {
    const expected = recorded.get(row.id);
    let problem: string | null = null;
    if (!expected) {
      problems.push({
        code: "ROW_UNAUDITED",
        ref: `evidence:${row.id}`,
        detail: "no audit entry records this row",
      });
      problem = "not in the audit log";
    } else if (evidenceRowHash(row) !== expected) {
      problems.push({
        code: "ROW_ALTERED",
        ref: `evidence:${row.id}`,
        detail: "the row differs from what was recorded when it was written",
      });
      problem = "record altered";
    }
    perEvidence.set(row.id, problem);
  }
  for (const id of recorded.keys()) {
    if (!byId.has(id))
      problems.push({
        code: "ROW_REMOVED",
        ref: `evidence:${id}`,
        detail: "recorded in the audit log but missing from the database",
      });
  }

  // Files.
  let files = 0;
  const blobRows = new Map(
    (await db.selectFrom("blobs").selectAll().execute()).map((b) => [b.sha256, Number(b.size)]),
  );
  const checked = new Map<string, "ok" | "missing" | "mismatch">();
  for (const row of rows) {
    if (!row.blob_sha256 || row.deleted_at) continue;
    let state = checked.get(row.blob_sha256);
    if (!state) {
      const size = blobRows.get(row.blob_sha256);
      state = size === undefined ? "missing" : await checkBlob(blobs, row.blob_sha256, size);
      checked.set(row.blob_sha256, state);
      files++;
      if (state === "missing")
        problems.push({ code: "FILE_MISSING", ref: `blob:${row.blob_sha256}`, detail: "the file is gone" });
      if (state === "mismatch")
        problems.push({
          code: "FILE_ALTERED",
          ref: `blob:${row.blob_sha256}`,
          detail: "the file's content no longer matches its SHA-256",
        });
    }
    if (state !== "ok")
      perEvidence.set(
        row.id,
        perEvidence.get(row.id) ?? (state === "missing" ? "file missing" : "file altered"),
      );
  }

  const iso = now.toISOString();
  for (const [id, problem] of perEvidence) {
    await db
      .insertInto("evidence_verifications")
      .values({ evidence_id: id, ok: problem ? 0 : 1, problem, checked_at: iso })
      .onConflict((oc) =>
        oc.column("evidence_id").doUpdateSet({ ok: problem ? 0 : 1, problem, checked_at: iso }),
      )
      .execute();
  }
  return {
    ok: problems.length === 0,
    entries: count,
    evidence: rows.length,
    files,
    checkpoints: checkpoints.length,
    problems,
  };
}
