import type { Kysely } from "kysely";

/**
 * Evidence rows keep the texts the server writes (titles, device-test summaries, file summaries, locations) in ja
 * and en: `texts` (JSON). Existing rows stay null — their recorded hashes do not change (row-hash.ts counts
 * `texts` only where set), and readers fall back to the plain columns.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("evidence").addColumn("texts", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("evidence").dropColumn("texts").execute();
}
