import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";

export type Organisation = { id: string; name: string; corporateNumber: string | null; createdAt: string };

/** Creates an organisation (accounts and tests use it). */
export async function createOrganisation(db: Db, name: string, now: Date): Promise<Organisation> {
  const row = { id: newId("org"), name, corporate_number: null, created_at: now.toISOString() };
  await db.insertInto("organisations").values(row).execute();
  return { id: row.id, name, corporateNumber: null, createdAt: row.created_at };
}

/** Every organisation for the instance admin, by name, with how many owners it has (0: none invited yet). */
export async function listOrganisationsForAdmin(db: Db): Promise<(Organisation & { owners: number })[]> {
  const rows = await db
    .selectFrom("organisations as o")
    .leftJoin("memberships as m", (j) => j.onRef("m.org_id", "=", "o.id").on("m.role", "=", "owner"))
    .select(["o.id", "o.name", "o.corporate_number", "o.created_at"])
    .select((eb) => eb.fn.count<number | string>("m.user_id").as("owners"))
    .groupBy(["o.id", "o.name", "o.corporate_number", "o.created_at"])
    .orderBy("o.name")
    .execute();
  return rows.map((o) => ({
    id: o.id,
    name: o.name,
    corporateNumber: o.corporate_number,
    createdAt: o.created_at,
    owners: Number(o.owners),
  }));
}
