import type { Db } from "../db/create-db.ts";
import { canonicalJson, sha256Hex } from "./canonical-json.ts";

export const GENESIS_HASH = "0".repeat(64);

export type AuditInput = {
  orgId: string | null;
  actor: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
};

export type AuditEntry = AuditInput & { seq: number; at: string; prevHash: string; hash: string };

/** The hash of an entry: SHA-256 over the previous hash and the canonical JSON of the entry's content. */
export function entryHash(prevHash: string, entry: Omit<AuditEntry, "hash" | "prevHash">): string {
  const content = canonicalJson({
    seq: entry.seq,
    at: entry.at,
    orgId: entry.orgId,
    actor: entry.actor,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    data: entry.data,
  });
  return sha256Hex(`${prevHash}\n${content}`);
}

/**
 * Appends an entry to the instance's hash chain. Call it inside the transaction of the change it records,
 * so that the change and its entry commit together or not at all. The single head row is updated first,
 * which serialises concurrent writers on PostgreSQL (row lock) and SQLite (write lock).
 */
export async function appendAudit(trx: Db, input: AuditInput, now: Date): Promise<AuditEntry> {
  await trx
    .updateTable("audit_head")
    .set((eb) => ({ seq: eb("seq", "+", 1) }))
    .where("id", "=", 1)
    .execute();
  const head = await trx.selectFrom("audit_head").selectAll().where("id", "=", 1).executeTakeFirstOrThrow();
  const prev = await trx
    .selectFrom("audit_entries")
    .select("hash")
    .where("seq", "=", head.seq - 1)
    .executeTakeFirst();
  const prevHash = head.seq === 1 ? GENESIS_HASH : (prev?.hash ?? head.hash);
  const base = { ...input, seq: head.seq, at: now.toISOString() };
  const hash = entryHash(prevHash, base);
  await trx
    .insertInto("audit_entries")
    .values({
      seq: base.seq,
      at: base.at,
      org_id: input.orgId,
      actor: input.actor,
      action: input.action,
      entity_type: input.entityType,
      entity_id: input.entityId,
      data: canonicalJson(input.data),
      prev_hash: prevHash,
      hash,
    })
    .execute();
  await trx.updateTable("audit_head").set({ hash }).where("id", "=", 1).execute();
  return { ...base, prevHash, hash };
}

export function toAuditEntry(row: {
  seq: number;
  at: string;
  org_id: string | null;
  actor: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data: string;
  prev_hash: string;
  hash: string;
}): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    orgId: row.org_id,
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Entries about some entities, oldest first (for the audit excerpt of a bundle or a history view). */
export async function auditEntriesFor(db: Db, entityIds: readonly string[]): Promise<AuditEntry[]> {
  if (entityIds.length === 0) return [];
  const rows = await db
    .selectFrom("audit_entries")
    .selectAll()
    .where("entity_id", "in", [...entityIds])
    .orderBy("seq")
    .execute();
  return rows.map(toAuditEntry);
}
