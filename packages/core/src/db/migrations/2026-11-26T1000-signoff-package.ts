import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  // What an owner signed: a frozen snapshot (canonical JSON) and its SHA-256. A newer sign-off supersedes.
  await db.schema
    .createTable("signoffs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("assessment_id", "text", (c) => c.notNull().references("assessments.id"))
    .addColumn("signer_user_id", "text")
    .addColumn("signer_name", "text", (c) => c.notNull())
    .addColumn("signer_title", "text", (c) => c.notNull())
    .addColumn("signed_at", "text", (c) => c.notNull())
    .addColumn("route", "text", (c) => c.notNull())
    .addColumn("snapshot", "text", (c) => c.notNull())
    .addColumn("snapshot_sha256", "text", (c) => c.notNull())
    .addColumn("superseded_by", "text")
    .addColumn("superseded_at", "text")
    .execute();
  await db.schema
    .createIndex("signoffs_product_idx")
    .on("signoffs")
    .columns(["product_id", "signed_at"])
    .execute();

  // The application-form inputs of a product (JSON), edited with an optimistic version.
  await db.schema
    .createTable("application_forms")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .addUniqueConstraint("application_forms_product_unique", ["product_id"])
    .execute();

  // Every application package built: which sign-off, the ZIP's hash and size, the manifest.
  await db.schema
    .createTable("application_packages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("signoff_id", "text", (c) => c.notNull().references("signoffs.id"))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("zip_sha256", "text", (c) => c.notNull())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("manifest", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .execute();
  await db.schema
    .createIndex("application_packages_product_idx")
    .on("application_packages")
    .columns(["product_id", "created_at"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("application_packages").execute();
  await db.schema.dropTable("application_forms").execute();
  await db.schema.dropTable("signoffs").execute();
}
