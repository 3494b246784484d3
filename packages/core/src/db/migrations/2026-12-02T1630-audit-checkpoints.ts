import type { Kysely } from "kysely";

/**
 * Audit trust data in the database, shared by every host of an instance: the audit signing public keys
 * (checkpoints already live in `audit_checkpoints`; the file `audit-checkpoints.jsonl` is imported once at start
 * and no longer written), and the quoted claims of evidence imported from a bundle (original author and time).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("audit_keys")
    .addColumn("key_id", "text", (c) => c.primaryKey())
    .addColumn("public_key", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  for (const name of ["claimed_by", "claimed_at", "claimed_source"])
    await db.schema.alterTable("evidence").addColumn(name, "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ["claimed_source", "claimed_at", "claimed_by"])
    await db.schema.alterTable("evidence").dropColumn(name).execute();
  await db.schema.dropTable("audit_keys").execute();
}
