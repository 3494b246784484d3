import type { Db } from "../db/create-db.ts";

/** Fills a number format: {yyyy} the year, {seq} or {seq:N} the counter (zero-padded to N digits). */
export function formatNumber(template: string, year: number, seq: number): string {
  return template
    .replaceAll("{yyyy}", String(year))
    .replace(/\{seq(?::(\d))?\}/g, (_m, width?: string) => String(seq).padStart(Number(width ?? 1), "0"));
}

/** The next value of a registry counter, inside the caller's transaction (the update locks the row). */
export async function nextCounter(trx: Db, name: string): Promise<number> {
  const updated = await trx
    .updateTable("registry_counters")
    .set((eb) => ({ value: eb("value", "+", 1) }))
    .where("name", "=", name)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await trx
      .insertInto("registry_counters")
      .values({ name, value: 1 })
      .onConflict((oc) =>
        oc.column("name").doUpdateSet((eb) => ({ value: eb("registry_counters.value", "+", 1) })),
      )
      .execute();
  }
  const row = await trx
    .selectFrom("registry_counters")
    .select("value")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
