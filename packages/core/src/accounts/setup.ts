import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { writePublicUrlSetting } from "../settings/instance-settings.ts";
import { publicUrlSchema } from "../settings/public-origin.ts";
import { randomToken, sha256 } from "./sessions.ts";
import { countUsers, createUser, emailSchema, passwordSchema, type User } from "./users.ts";

const SETUP_KEY = "setup_token_hash";

/**
 * At start, when no user exists yet: a new one-time setup token. Its hash is stored (so any server
 * process can check it); the token itself is returned once, to be printed. Null when users exist.
 */
export async function prepareSetupToken(db: Db, now: Date): Promise<string | null> {
  if ((await countUsers(db)) > 0) return null;
  const token = randomToken(18);
  const value = sha256(token);
  await db
    .insertInto("instance_settings")
    .values({ key: SETUP_KEY, value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
  return token;
}

export async function needsSetup(db: Db): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

export const setupSchema = z
  .object({
    token: z.string().trim().min(1).max(200),
    email: emailSchema,
    name: z.string().trim().min(1).max(200),
    password: passwordSchema,
    organisationName: z.string().trim().min(1).max(200),
    /** Where links point (the web form fills in the browser's origin for the admin to confirm). */
    publicUrl: publicUrlSchema.nullable().optional(),
  })
  .strict();

/**
 * First run: whoever holds the printed setup token creates the first admin, who also owns the first
 * organisation (the one created at start, renamed, or a new one), and the instance's public URL is saved when
 * given. The token then stops working.
 */
export async function completeSetup(db: Db, input: unknown, now: Date): Promise<User> {
  const data = parseOrThrow(setupSchema, input);
  return db.transaction().execute(async (trx) => {
    if ((await countUsers(trx)) > 0) throw new AppError("SETUP_DONE");
    const stored = await trx
      .selectFrom("instance_settings")
      .select("value")
      .where("key", "=", SETUP_KEY)
      .executeTakeFirst();
    const given = Buffer.from(sha256(data.token));
    if (!stored || !timingSafeEqual(Buffer.from(stored.value), given))
      throw new AppError("SETUP_TOKEN_INVALID");
    let org = await trx
      .selectFrom("organisations")
      .select("id")
      .orderBy("created_at")
      .orderBy("id")
      .executeTakeFirst();
    if (org)
      await trx
        .updateTable("organisations")
        .set({ name: data.organisationName })
        .where("id", "=", org.id)
        .execute();
    else org = await createOrganisation(trx, data.organisationName, now);
    const user = await createUser(
      trx,
      {
        email: data.email,
        name: data.name,
        password: data.password,
        instanceRole: "admin",
        orgId: org.id,
        role: "owner",
      },
      now,
    );
    if (data.publicUrl) await writePublicUrlSetting(trx, data.publicUrl, now);
    await trx.deleteFrom("instance_settings").where("key", "=", SETUP_KEY).execute();
    return user;
  });
}
