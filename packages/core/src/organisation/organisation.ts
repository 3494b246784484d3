import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";

export type Organisation = { id: string; name: string; corporateNumber: string | null; createdAt: string };

/**
 * The organisation used before accounts exist (single-maker installations): the first one created,
 * or a new one named `name`.
 */
export async function ensureDefaultOrganisation(db: Db, name: string, now: Date): Promise<Organisation> {
  const existing = await db
    .selectFrom("organisations")
    .selectAll()
    .orderBy("created_at")
    .orderBy("id")
    .executeTakeFirst();
  if (existing) {
    return {
      id: existing.id,
      name: existing.name,
      corporateNumber: existing.corporate_number,
      createdAt: existing.created_at,
    };
  }
  const row = { id: newId("org"), name, corporate_number: null, created_at: now.toISOString() };
  await db.insertInto("organisations").values(row).execute();
  return { id: row.id, name: row.name, corporateNumber: null, createdAt: row.created_at };
}

/** Creates an organisation (accounts and tests use it). */
export async function createOrganisation(db: Db, name: string, now: Date): Promise<Organisation> {
  const row = { id: newId("org"), name, corporate_number: null, created_at: now.toISOString() };
  await db.insertInto("organisations").values(row).execute();
  return { id: row.id, name, corporateNumber: null, createdAt: row.created_at };
}
