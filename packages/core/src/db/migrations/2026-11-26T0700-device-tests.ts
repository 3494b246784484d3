import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  // Device-test evidence filed from a probe run: which test (probe:service) and its verdict.
  await db.schema.alterTable("evidence").addColumn("test_key", "text").execute();
  await db.schema.alterTable("evidence").addColumn("test_verdict", "text").execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("evidence").dropColumn("test_verdict").execute();
  await db.schema.alterTable("evidence").dropColumn("test_key").execute();
}
