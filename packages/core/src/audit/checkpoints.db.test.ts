import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeBackup } from "../backup/backup.ts";
import { restoreBackup } from "../backup/restore.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { keyIdOf } from "../secrets/instance-key.ts";
import { verifyVault } from "../vault/verify.ts";
import { appendAudit } from "./audit-log.ts";
import {
  auditPublicKeys,
  checkpoint,
  LEGACY_CHECKPOINT_FILE,
  LEGACY_PUBLIC_KEY_FILE,
  loadSigner,
  type Signer,
} from "./checkpoints.ts";
import { verifyExternalCheckpoint } from "./external-checkpoint.ts";

describe.each(testDialects())("audit checkpoints in the database on %s", (dialect) => {
  let t: TestDb;
  let dir: ReturnType<typeof tempDir>;
  const key = randomBytes(32);
  const instanceKey = { key, keyId: keyIdOf(key), source: "env" as const };
  const now = () => new Date();
  let signer: Signer;

  const note = (n: number) =>
    t.db.transaction().execute(async (trx) => {
      for (let i = 0; i < n; i++)
        await appendAudit(
          trx,
          {
            orgId: null,
            actor: null,
            action: "test.note",
            entityType: "note",
            entityId: `n${i}`,
            data: { i },
          },
          now(),
        );
    });

  beforeEach(async () => {
    t = await openTestDb(dialect);
    dir = tempDir("jcstar-audit-");
    signer = await loadSigner(t.db, instanceKey, dir.path, now());
  });
  afterEach(async () => {
    await t?.dispose();
    dir?.cleanup();
  });

  it("keeps checkpoints and the public key in the database, writing nothing to the data folder", async () => {
    await note(2);
    const c = await checkpoint(t.db, signer, now());
    expect(c?.seq).toBe(2);
    expect(existsSync(join(dir.path, LEGACY_CHECKPOINT_FILE))).toBe(false);
    expect(existsSync(join(dir.path, LEGACY_PUBLIC_KEY_FILE))).toBe(false);
    const keys = await auditPublicKeys(t.db);
    expect(keys).toEqual([expect.objectContaining({ keyId: signer.keyId, fingerprint: signer.fingerprint })]);
    expect(signer.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const rows = await t.db.selectFrom("audit_checkpoints").selectAll().execute();
    expect(rows.map((r) => Number(r.seq))).toEqual([2]);
  });

  it("imports a legacy checkpoint file once at start", async () => {
    await note(3);
    const c = await checkpoint(t.db, signer, now());
    await t.db.deleteFrom("audit_checkpoints").execute();
    const legacy = join(dir.path, LEGACY_CHECKPOINT_FILE);
    writeFileSync(legacy, `${JSON.stringify(c)}\nnot json\n`);
    await loadSigner(t.db, instanceKey, dir.path, now());
    const rows = await t.db.selectFrom("audit_checkpoints").selectAll().execute();
    expect(rows.map((r) => [Number(r.seq), r.hash])).toEqual([[3, c?.hash]]);
    expect(existsSync(legacy)).toBe(false);
    expect(existsSync(`${legacy}.imported`)).toBe(true);
    // A second start finds nothing to import.
    await loadSigner(t.db, instanceKey, dir.path, now());
    expect(await t.db.selectFrom("audit_checkpoints").selectAll().execute()).toHaveLength(1);
  });

  it("detects a rollback (rows and checkpoints deleted after N) against a checkpoint kept outside", async () => {
    await note(3);
    const early = await checkpoint(t.db, signer, now());
    await note(2);
    const kept = await checkpoint(t.db, signer, now());
    if (!early || !kept) throw new Error("no checkpoint");
    expect(await verifyExternalCheckpoint(t.db, kept)).toEqual({ ok: true, problems: [] });

    // The attack: everything after entry 3 goes, rows and checkpoints, and the head is put back.
    await t.db.deleteFrom("audit_entries").where("seq", ">", 3).execute();
    await t.db.deleteFrom("audit_checkpoints").where("seq", ">", 3).execute();
    await t.db.updateTable("audit_head").set({ seq: 3, hash: early.hash }).where("id", "=", 1).execute();
    // The data folder alone cannot tell…
    expect((await verifyVault(t.db, { root: dir.path }, now())).ok).toBe(true);
    // …the checkpoint kept outside can.
    const rolledBack = await verifyExternalCheckpoint(t.db, kept);
    expect(rolledBack.ok).toBe(false);
    expect(rolledBack.problems.map((p) => p.code)).toEqual(["CHAIN_ROLLED_BACK"]);
    expect(await verifyExternalCheckpoint(t.db, early)).toEqual({ ok: true, problems: [] });

    // New entries written over the same sequence numbers: the hash at seq 5 differs.
    await note(2);
    const rewritten = await verifyExternalCheckpoint(t.db, kept);
    expect(rewritten.problems.map((p) => p.code)).toEqual(["CHAIN_ROLLED_BACK"]);

    // A checkpoint that this instance did not sign proves nothing.
    const forged = { ...kept, signature: Buffer.alloc(64, 1).toString("base64") };
    expect((await verifyExternalCheckpoint(t.db, forged)).problems.map((p) => p.code)).toContain(
      "CHECKPOINT_INVALID",
    );
  });
});

describe("audit keys and checkpoints survive a backup and restore across databases", () => {
  const dialects = testDialects();
  it(`from ${dialects[0]} to ${dialects.at(-1)}`, async () => {
    const source = await openTestDb(dialects[0] ?? "sqlite");
    const target = await openTestDb(dialects.at(-1) ?? "sqlite");
    const dirs = [tempDir("jcstar-bk-"), tempDir("jcstar-bk-"), tempDir("jcstar-bk-")];
    try {
      const key = randomBytes(32);
      const signer = await loadSigner(
        source.db,
        { key, keyId: keyIdOf(key), source: "env" },
        dirs[0]?.path ?? "",
        new Date(),
      );
      await source.db
        .transaction()
        .execute((trx) =>
          appendAudit(
            trx,
            { orgId: null, actor: null, action: "test.note", entityType: "note", entityId: "n", data: {} },
            new Date(),
          ),
        );
      const c = await checkpoint(source.db, signer, new Date());
      const zip = join(dirs[2]?.path ?? "", "backup.zip");
      await writeBackup(source.db, source.dialect, dirs[0]?.path ?? "", { root: dirs[0]?.path ?? "" }, zip);
      await restoreBackup(target.db, dirs[1]?.path ?? "", { root: dirs[1]?.path ?? "" }, zip);
      expect(await auditPublicKeys(target.db)).toEqual(await auditPublicKeys(source.db));
      const rows = await target.db.selectFrom("audit_checkpoints").selectAll().execute();
      expect(rows.map((r) => [Number(r.seq), r.hash, r.signature])).toEqual([[1, c?.hash, c?.signature]]);
      expect((await verifyVault(target.db, { root: dirs[1]?.path ?? "" }, new Date())).ok).toBe(true);
      if (c) expect((await verifyExternalCheckpoint(target.db, c)).ok).toBe(true);
    } finally {
      await source.dispose();
      await target.dispose();
      for (const d of dirs) d.cleanup();
    }
  });
});
