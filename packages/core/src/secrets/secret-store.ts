import type { Db } from "../db/create-db.ts";
import type { InstanceKey } from "./instance-key.ts";
import { open, seal } from "./secret-box.ts";

/**
 * Named secrets (device passwords for server-side tests, the SMTP password, signing keys), encrypted at rest
 * with the instance key. The database never holds a plaintext secret.
 */
export async function putSecret(
  db: Db,
  key: InstanceKey,
  name: string,
  value: string,
  now: Date,
): Promise<void> {
  const envelope = seal(key, name, value);
  await db
    .insertInto("secrets")
    .values({ name, envelope, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column("name").doUpdateSet({ envelope, updated_at: now.toISOString() }))
    .execute();
}

export async function getSecret(db: Db, key: InstanceKey, name: string): Promise<string | null> {
  const row = await db.selectFrom("secrets").select("envelope").where("name", "=", name).executeTakeFirst();
  return row ? open(key, name, row.envelope) : null;
}

export async function deleteSecret(db: Db, name: string): Promise<void> {
  await db.deleteFrom("secrets").where("name", "=", name).execute();
}

/**
 * Re-encrypts every secret (and every user's TOTP secret) from the old key to the new one in one transaction.
 * Returns how many values were re-encrypted. The caller stores the new key only after this succeeds.
 */
export async function reencryptAll(db: Db, from: InstanceKey, to: InstanceKey, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let count = 0;
    for (const row of await trx.selectFrom("secrets").selectAll().execute()) {
      const envelope = seal(to, row.name, open(from, row.name, row.envelope));
      await trx
        .updateTable("secrets")
        .set({ envelope, updated_at: now.toISOString() })
        .where("name", "=", row.name)
        .execute();
      count++;
    }
    const users = await trx
      .selectFrom("users")
      .select(["id", "totp_secret"])
      .where("totp_secret", "is not", null)
      .execute();
    for (const user of users) {
      const name = `totp:${user.id}`;
      const sealed = seal(to, name, open(from, name, user.totp_secret as string));
      await trx.updateTable("users").set({ totp_secret: sealed }).where("id", "=", user.id).execute();
      count++;
    }
    return count;
  });
}
