import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  // Device profiles kept per product for server-side runs (YAML/JSON text as written; passwords never in it).
  await db.schema
    .createTable("device_profiles")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .addUniqueConstraint("device_profiles_product_name_unique", ["product_id", "name"])
    .execute();

  // Every probe run filed for a product: server-side runs (queued → running → done | failed) and uploads.
  await db.schema
    .createTable("device_runs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("profile_id", "text", (c) => c.references("device_profiles.id").onDelete("set null"))
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("profile_name", "text", (c) => c.notNull())
    .addColumn("host", "text", (c) => c.notNull())
    .addColumn("profile_source", "text")
    .addColumn("probes", "text")
    .addColumn("job_id", "text")
    .addColumn("requested_by", "text")
    .addColumn("requested_by_name", "text")
    .addColumn("requested_at", "text", (c) => c.notNull())
    .addColumn("started_at", "text")
    .addColumn("finished_at", "text")
    .addColumn("error", "text")
    .addColumn("results_sha256", "text")
    .addColumn("verdicts", "text")
    .addColumn("evidence_ids", "text")
    .execute();
  await db.schema
    .createIndex("device_runs_product_idx")
    .on("device_runs")
    .columns(["product_id", "requested_at"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("device_runs").execute();
  await db.schema.dropTable("device_profiles").execute();
}
