import type { Kysely } from "kysely";

/**
 * The corporate number belongs to the organisation (issue 18): the application form no longer keeps its own copy.
 * A number typed on a form before is moved to its organisation when the organisation has none (the most recently
 * saved form wins) and removed from every form's stored values, so the form, the sign-off snapshot, the checklist and
 * the report all read the one value `organisations.corporate_number`. Only 13-digit numbers are moved.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  const forms: { id: string; org_id: string; data: string }[] = await db
    .selectFrom("application_forms")
    .select(["id", "org_id", "data"])
    .orderBy("updated_at", "desc")
    .orderBy("id", "desc")
    .execute();
  const orgs: { id: string; corporate_number: string | null }[] = await db
    .selectFrom("organisations")
    .select(["id", "corporate_number"])
    .execute();
  const numberOf = new Map(orgs.map((o) => [o.id, o.corporate_number]));
  for (const form of forms) {
    const data: unknown = JSON.parse(form.data);
    if (!data || typeof data !== "object" || !("values" in data)) continue;
    const values = data.values;
    if (!values || typeof values !== "object" || !("corporateNumber" in values)) continue;
    const { corporateNumber, ...rest } = values;
    if (
      typeof corporateNumber === "string" &&
      /^[0-9]{13}$/.test(corporateNumber) &&
      !numberOf.get(form.org_id)
    ) {
      numberOf.set(form.org_id, corporateNumber);
      await db
        .updateTable("organisations")
        .set({ corporate_number: corporateNumber })
        .where("id", "=", form.org_id)
        .execute();
    }
    await db
      .updateTable("application_forms")
      .set({ data: JSON.stringify({ ...data, values: rest }) })
      .where("id", "=", form.id)
      .execute();
  }
}

/** Nothing to undo: the number stays on the organisation, where a form before this migration prefilled it from. */
export async function down(): Promise<void> {}
