import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";

export type Organisation = { id: string; name: string; corporateNumber: string | null; createdAt: string };

/** Creates an organisation (accounts and tests use it). */
export async function createOrganisation(db: Db, name: string, now: Date): Promise<Organisation> {
  const row = { id: newId("org"), name, corporate_number: null, created_at: now.toISOString() };
  await db.insertInto("organisations").values(row).execute();
  return { id: row.id, name, corporateNumber: null, createdAt: row.created_at };
}
