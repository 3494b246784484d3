import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("applications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("product_id", "text", (c) => c.notNull().references("products.id"))
    .addColumn("assessment_id", "text", (c) => c.notNull().references("assessments.id"))
    .addColumn("route", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("model_numbers", "text", (c) => c.notNull())
    .addColumn("application_number", "text")
    .addColumn("registration_number", "text")
    .addColumn("snapshot", "text")
    .addColumn("snapshot_hash", "text")
    .addColumn("submitted_on", "text")
    .addColumn("accepted_on", "text")
    .addColumn("fee_amount", "integer")
    .addColumn("label_issued_on", "text")
    .addColumn("label_expires_on", "text")
    .addColumn("label_evidence_id", "text")
    .addColumn("renewal_of", "text")
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("applications_org_idx")
    .on("applications")
    .columns(["org_id", "state"])
    .execute();
  await db.schema
    .createIndex("applications_channel_idx")
    .on("applications")
    .columns(["channel", "state"])
    .execute();
  // Numbers this instance's registry issues are unique; numbers recorded from IPA may repeat (a renewal).
  await db.schema
    .createIndex("applications_registration_idx")
    .on("applications")
    .column("registration_number")
    .unique()
    .where(sql.ref("channel"), "=", "registry")
    .execute();

  await db.schema
    .createTable("application_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("application_id", "text", (c) => c.notNull().references("applications.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("from_state", "text", (c) => c.notNull())
    .addColumn("to_state", "text", (c) => c.notNull())
    .addColumn("occurred_on", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("actor_name", "text", (c) => c.notNull())
    .addColumn("actor_kind", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("attachments", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("application_events_seq_idx")
    .on("application_events")
    .columns(["application_id", "seq"])
    .unique()
    .execute();

  // Counters of the registry side (application and registration numbers), incremented inside transactions.
  await db.schema
    .createTable("registry_counters")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "integer", (c) => c.notNull())
    .execute();

  // Per-user secret of the iCalendar feed (only its SHA-256 is kept).
  await db.schema
    .createTable("calendar_tokens")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["calendar_tokens", "registry_counters", "application_events", "applications"]) {
    await db.schema.dropTable(table).execute();
  }
}
