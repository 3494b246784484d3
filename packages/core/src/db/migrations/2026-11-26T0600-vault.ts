import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("blobs")
    .addColumn("sha256", "text", (c) => c.primaryKey())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  for (const [name, type] of [
    ["kind", "text"],
    ["summary", "text"],
    ["blob_sha256", "text"],
    ["original_name", "text"],
    ["supersedes_id", "text"],
    ["retention_until", "text"],
    ["deleted_at", "text"],
    ["deleted_by", "text"],
  ] as const) {
    await db.schema.alterTable("evidence").addColumn(name, type).execute();
  }
  await db.schema
    .alterTable("evidence")
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("evidence_blob_idx").on("evidence").column("blob_sha256").execute();
  await db.schema.createIndex("evidence_supersedes_idx").on("evidence").column("supersedes_id").execute();

  await db.schema
    .alterTable("organisations")
    .addColumn("retention_years", "integer", (c) => c.notNull().defaultTo(5))
    .execute();

  await db.schema
    .createTable("evidence_verifications")
    .addColumn("evidence_id", "text", (c) => c.primaryKey())
    .addColumn("ok", "integer", (c) => c.notNull())
    .addColumn("problem", "text")
    .addColumn("checked_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("audit_entries")
    .addColumn("seq", "integer", (c) => c.primaryKey())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("org_id", "text")
    .addColumn("actor", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("audit_entries_entity_idx")
    .on("audit_entries")
    .columns(["entity_type", "entity_id"])
    .execute();

  await db.schema
    .createTable("audit_head")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();
  await db
    .insertInto("audit_head")
    .values({ id: 1, seq: 0, hash: "0".repeat(64) })
    .execute();

  await db.schema
    .createTable("audit_checkpoints")
    .addColumn("seq", "integer", (c) => c.primaryKey())
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("signed_at", "text", (c) => c.notNull())
    .addColumn("key_id", "text", (c) => c.notNull())
    .addColumn("signature", "text", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "audit_checkpoints",
    "audit_head",
    "audit_entries",
    "evidence_verifications",
    "blobs",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
