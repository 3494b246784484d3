import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  // One imported SBOM file per firmware release (the newest one replaces the release's SBOM components).
  await db.schema
    .createTable("sbom_imports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("release_id", "text", (c) =>
      c.notNull().references("firmware_releases.id").onDelete("cascade"),
    )
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("spec_version", "text", (c) => c.notNull())
    .addColumn("file_name", "text")
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("component_count", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .execute();

  // Components gain what matching needs: the ecosystem and package name from the purl, and their SBOM origin.
  await db.schema.alterTable("components").addColumn("ecosystem", "text").execute();
  await db.schema.alterTable("components").addColumn("package", "text").execute();
  await db.schema.alterTable("components").addColumn("bom_ref", "text").execute();
  await db.schema.alterTable("components").addColumn("sbom_id", "text").execute();
  await db.schema.createIndex("components_release_idx").on("components").column("release_id").execute();

  // Advisory data is instance-wide (imported by an admin from offline dumps), not maker-owned.
  await db.schema
    .createTable("vuln_sources")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("file_name", "text")
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("advisory_count", "integer", (c) => c.notNull())
    .addColumn("data_modified_at", "text")
    .addColumn("imported_at", "text", (c) => c.notNull())
    .addColumn("imported_by", "text")
    .execute();

  await db.schema
    .createTable("vuln_advisories")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("source_id", "text", (c) => c.notNull().references("vuln_sources.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("advisory_id", "text", (c) => c.notNull())
    .addColumn("aliases", "text", (c) => c.notNull())
    .addColumn("summary", "text")
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("score_x10", "integer")
    .addColumn("vector", "text")
    .addColumn("published", "text")
    .addColumn("modified", "text")
    .execute();
  await db.schema.createIndex("vuln_advisories_id_idx").on("vuln_advisories").column("advisory_id").execute();
  await db.schema
    .createIndex("vuln_advisories_source_idx")
    .on("vuln_advisories")
    .column("source_id")
    .execute();

  await db.schema
    .createTable("vuln_affected")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("advisory_key", "text", (c) =>
      c.notNull().references("vuln_advisories.key").onDelete("cascade"),
    )
    .addColumn("source_id", "text", (c) => c.notNull())
    .addColumn("ecosystem", "text", (c) => c.notNull())
    .addColumn("package", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("vuln_affected_package_idx")
    .on("vuln_affected")
    .columns(["ecosystem", "package"])
    .execute();
  await db.schema.createIndex("vuln_affected_source_idx").on("vuln_affected").column("source_id").execute();

  await db.schema
    .createTable("vuln_policies")
    .addColumn("org_id", "text", (c) => c.primaryKey().references("organisations.id"))
    .addColumn("min_severity", "text", (c) => c.notNull())
    .addColumn("unknown_blocks", "integer", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .execute();

  await db.schema
    .createTable("vuln_scans")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("release_id", "text", (c) =>
      c.notNull().references("firmware_releases.id").onDelete("cascade"),
    )
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("tool", "text", (c) => c.notNull())
    .addColumn("sources", "text", (c) => c.notNull())
    .addColumn("counts", "text", (c) => c.notNull())
    .addColumn("evidence_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .execute();
  await db.schema.createIndex("vuln_scans_release_idx").on("vuln_scans").column("release_id").execute();

  await db.schema
    .createTable("vuln_findings")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("scan_id", "text", (c) => c.notNull().references("vuln_scans.id").onDelete("cascade"))
    .addColumn("release_id", "text", (c) => c.notNull())
    .addColumn("component_id", "text")
    .addColumn("component_name", "text", (c) => c.notNull())
    .addColumn("component_version", "text")
    .addColumn("component_key", "text", (c) => c.notNull())
    .addColumn("purl", "text")
    .addColumn("vuln_id", "text", (c) => c.notNull())
    .addColumn("aliases", "text", (c) => c.notNull())
    .addColumn("severity", "text", (c) => c.notNull())
    .addColumn("score_x10", "integer")
    .addColumn("summary", "text")
    .addColumn("fixed_versions", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("vuln_findings_scan_idx").on("vuln_findings").column("scan_id").execute();

  await db.schema
    .createTable("vex_statements")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id").onDelete("cascade"))
    .addColumn("release_id", "text", (c) =>
      c.notNull().references("firmware_releases.id").onDelete("cascade"),
    )
    .addColumn("vuln_id", "text", (c) => c.notNull())
    .addColumn("component_key", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("justification", "text", (c) => c.notNull())
    .addColumn("detail", "text")
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .addUniqueConstraint("vex_statements_unique", ["release_id", "vuln_id", "component_key"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "vex_statements",
    "vuln_findings",
    "vuln_scans",
    "vuln_policies",
    "vuln_affected",
    "vuln_advisories",
    "vuln_sources",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex("components_release_idx").execute();
  for (const column of ["sbom_id", "bom_ref", "package", "ecosystem"]) {
    await db.schema.alterTable("components").dropColumn(column).execute();
  }
  await db.schema.dropTable("sbom_imports").execute();
}
