import type { Kysely } from "kysely";

/**
 * Components keep the hierarchy of the SBOM they came from: `parent_id` is the component this one is nested in
 * (CycloneDX nested components, SPDX CONTAINS), null at the top level and for components entered by hand.
 * Existing rows stay top-level.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("components").addColumn("parent_id", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("components").dropColumn("parent_id").execute();
}
