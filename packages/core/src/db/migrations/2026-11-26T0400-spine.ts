import type { Kysely } from "kysely";

// Migrations see the schema as it was when they were written, hence `Kysely<any>`.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organisations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("corporate_number", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("products")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("connectivity", "text", (c) => c.notNull())
    .addColumn("support_end_date", "text")
    .addColumn("default_route", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("products_org_idx").on("products").column("org_id").execute();

  await db.schema
    .createTable("model_numbers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("model_number", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("model_numbers_product_unique", ["product_id", "model_number"])
    .execute();

  await db.schema
    .createTable("firmware_images")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("firmware_images_product_unique", ["product_id", "name"])
    .execute();

  await db.schema
    .createTable("firmware_releases")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("image_id", "text", (c) => c.references("firmware_images.id").onDelete("set null"))
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("released_on", "text", (c) => c.notNull())
    .addColumn("notes", "text")
    .addColumn("security_fixes", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("firmware_releases_unique")
    .on("firmware_releases")
    .columns(["product_id", "image_id", "version"])
    .unique()
    .execute();

  await db.schema
    .createTable("components")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("image_id", "text", (c) => c.references("firmware_images.id").onDelete("set null"))
    .addColumn("release_id", "text", (c) => c.references("firmware_releases.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("version", "text")
    .addColumn("oss", "integer", (c) => c.notNull())
    .addColumn("supplier", "text")
    .addColumn("license", "text")
    .addColumn("purl", "text")
    .addColumn("cpe", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("components_product_idx").on("components").column("product_id").execute();

  await db.schema
    .createTable("assessments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("catalog_version", "text", (c) => c.notNull())
    .addColumn("migrated_from", "text", (c) => c.references("assessments.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("assessments_product_version_unique", ["product_id", "catalog_version"])
    .execute();

  await db.schema
    .createTable("criterion_results")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("assessment_id", "text", (c) => c.notNull().references("assessments.id").onDelete("cascade"))
    .addColumn("criterion_id", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("na_reason", "text")
    .addColumn("notes", "text")
    .addColumn("needs_review", "integer", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .addUniqueConstraint("criterion_results_unique", ["assessment_id", "criterion_id"])
    .execute();

  await db.schema
    .createTable("evidence")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("document_name", "text")
    .addColumn("document_number", "text")
    .addColumn("document_version", "text")
    .addColumn("location", "text")
    .addColumn("url", "text")
    .addColumn("record_name", "text")
    .addColumn("result_summary", "text")
    .addColumn("tested_on", "text")
    .addColumn("tester", "text")
    .addColumn("notes", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .execute();
  await db.schema.createIndex("evidence_org_idx").on("evidence").column("org_id").execute();

  await db.schema
    .createTable("evidence_links")
    .addColumn("evidence_id", "text", (c) => c.notNull().references("evidence.id"))
    .addColumn("result_id", "text", (c) => c.notNull().references("criterion_results.id").onDelete("cascade"))
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("evidence_links_pk", ["evidence_id", "result_id"])
    .execute();
  await db.schema.createIndex("evidence_links_result_idx").on("evidence_links").column("result_id").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "evidence_links",
    "evidence",
    "criterion_results",
    "assessments",
    "components",
    "firmware_releases",
    "firmware_images",
    "model_numbers",
    "products",
    "organisations",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
