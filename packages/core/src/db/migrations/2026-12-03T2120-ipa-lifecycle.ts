import type { Kysely } from "kysely";

/**
 * IPA's lifecycle as IPA runs it (issue 17): acceptance number (受理番号) and provisional registration number
 * (仮登録番号) on applications, and the label status as IPA lists it (valid / grace / expired / revoked).
 * Existing labels keep the expiry already recorded at issue (then computed: issuance + 2 years − 1 day) as their
 * recorded expiry; their states map across: label_issued → valid, expired → expired, revoked → revoked.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  for (const name of ["acceptance_number", "provisional_number", "label_status"])
    await db.schema.alterTable("applications").addColumn(name, "text").execute();
  const map: [string, string][] = [
    ["label_issued", "valid"],
    ["expired", "expired"],
    ["revoked", "revoked"],
  ];
  for (const [state, status] of map)
    await db
      .updateTable("applications")
      .set({ label_status: status })
      .where("state", "=", state)
      .where("label_issued_on", "is not", null)
      .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ["label_status", "provisional_number", "acceptance_number"])
    await db.schema.alterTable("applications").dropColumn(name).execute();
}
