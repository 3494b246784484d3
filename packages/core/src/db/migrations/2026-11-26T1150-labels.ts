import { type Kysely, PostgresAdapter, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  // Registry side: labels an operator issued. Product and maker are copied at issuance (the public record
  // does not change when the maker edits the product); product_id links the maker's publication page.
  await db.schema
    .createTable("labels")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("registration_number", "text", (c) => c.notNull().unique())
    .addColumn("star_level", "integer", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.references("products.id").onDelete("set null"))
    .addColumn("product_name", "text", (c) => c.notNull())
    .addColumn("maker_name", "text", (c) => c.notNull())
    .addColumn("model_numbers", "text", (c) => c.notNull())
    .addColumn("valid_from", "text", (c) => c.notNull())
    .addColumn("valid_until", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("revocation_reason", "text")
    // h10a's applications live on another branch: a plain text reference, no foreign key.
    .addColumn("application_id", "text")
    .addColumn("key_id", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("issued_by", "text")
    .addColumn("issued_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("labels_product_idx").on("labels").column("product_id").execute();
  await db.schema.createIndex("labels_status_idx").on("labels").columns(["status", "revoked_at"]).execute();

  // Search terms of each label (lower-case registration number, model numbers, product and maker names and their
  // words): the public search matches the start of a term through an index instead of scanning every label.
  await db.schema
    .createTable("label_terms")
    .addColumn("term", "text", (c) => c.notNull())
    .addColumn("label_id", "text", (c) => c.notNull().references("labels.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("label_terms_pk", ["term", "label_id"])
    .execute();
  await db.schema.createIndex("label_terms_label_idx").on("label_terms").column("label_id").execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // Prefix LIKE needs byte-order comparison whatever the database's collation.
    await sql`create index label_terms_prefix_idx on label_terms (term text_pattern_ops)`.execute(db);
  }

  // Ed25519 keys that sign label payloads and the status list. Private halves live in the secret store.
  await db.schema
    .createTable("label_keys")
    .addColumn("kid", "text", (c) => c.primaryKey())
    .addColumn("public_jwk", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("retired_at", "text")
    .execute();

  // Maker side: what the maker chose to publish on its product security information page.
  await db.schema
    .createTable("product_publications")
    .addColumn("product_id", "text", (c) => c.primaryKey().references("products.id").onDelete("cascade"))
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("slug", "text", (c) => c.unique())
    .addColumn("published", "integer", (c) => c.notNull())
    .addColumn("settings", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("product_publications_org_idx")
    .on("product_publications")
    .column("org_id")
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("product_publications").execute();
  await db.schema.dropTable("label_keys").execute();
  await db.schema.dropTable("label_terms").execute();
  await db.schema.dropTable("labels").execute();
}
