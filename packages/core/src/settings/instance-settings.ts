import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import type { InstanceKey } from "../secrets/instance-key.ts";
import { deleteSecret, getSecret, putSecret } from "../secrets/secret-store.ts";
import { publicUrlSchema } from "./public-origin.ts";

const SETTINGS_KEY = "settings";
const SMTP_PASSWORD = "smtp.password";

const hostPattern = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:_/-]+$/, "host name, address or CIDR");

export const smtpSchema = z
  .object({
    host: hostPattern,
    port: z.number().int().min(1).max(65535),
    secure: z.boolean().default(false),
    user: z.string().trim().max(200).nullable().default(null),
    from: z.string().trim().min(3).max(254),
  })
  .strict();

/** Instance settings an admin edits. Secrets (the SMTP password) live in the encrypted secret store. */
export const settingsSchema = z
  .object({
    /**
     * Hosts or CIDRs that server-side device tests may target. Default: empty (no run until an administrator adds
     * the lab networks, or loopback for a lab device on this host); a saved list is kept as it is.
     */
    deviceTestAllowlist: z.array(hostPattern).max(200).default([]),
    smtp: smtpSchema.nullable().default(null),
    /**
     * The origin links point to (password resets, invitations, calendar feeds, registry), asked for by `/setup`;
     * `JCSTAR_PUBLIC_URL` wins over it. While neither is set, no link is made and no e-mail is sent.
     */
    publicUrl: publicUrlSchema.nullable().default(null),
  })
  .strict();
export type InstanceSettings = z.output<typeof settingsSchema>;

export const settingsUpdateSchema = settingsSchema.extend({
  /** Write-only: a new SMTP password; `null` removes it; absent keeps it. */
  smtpPassword: z.string().max(500).nullable().optional(),
  /** A new public URL; `null` removes it; absent keeps it. */
  publicUrl: publicUrlSchema.nullable().optional(),
});

export type SettingsView = InstanceSettings & { smtpPasswordSet: boolean };

export async function readSettings(db: Db): Promise<InstanceSettings> {
  const row = await db
    .selectFrom("instance_settings")
    .select("value")
    .where("key", "=", SETTINGS_KEY)
    .executeTakeFirst();
  return settingsSchema.parse(row ? JSON.parse(row.value) : {});
}

export async function settingsView(db: Db): Promise<SettingsView> {
  const settings = await readSettings(db);
  const secret = await db
    .selectFrom("secrets")
    .select("name")
    .where("name", "=", SMTP_PASSWORD)
    .executeTakeFirst();
  return { ...settings, smtpPasswordSet: !!secret };
}

/** Saves the settings; the SMTP password goes to the secret store encrypted, never into the settings row. */
export async function writeSettings(
  db: Db,
  key: InstanceKey,
  input: unknown,
  now: Date,
): Promise<SettingsView> {
  const { smtpPassword, publicUrl, ...rest } = parseOrThrow(settingsUpdateSchema, input);
  const settings = {
    ...rest,
    publicUrl: publicUrl === undefined ? (await readSettings(db)).publicUrl : publicUrl,
  };
  const value = JSON.stringify(settings);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("instance_settings")
      .values({ key: SETTINGS_KEY, value, updated_at: now.toISOString() })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: now.toISOString() }))
      .execute();
    if (smtpPassword === null) await deleteSecret(trx, SMTP_PASSWORD);
    else if (smtpPassword !== undefined) await putSecret(trx, key, SMTP_PASSWORD, smtpPassword, now);
  });
  return settingsView(db);
}

/** Sets only the public URL (first-run setup), keeping every other setting. */
export async function writePublicUrlSetting(db: Db, publicUrl: string | null, now: Date): Promise<void> {
  const value = JSON.stringify({ ...(await readSettings(db)), publicUrl });
  await db
    .insertInto("instance_settings")
    .values({ key: SETTINGS_KEY, value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
}

export async function smtpPassword(db: Db, key: InstanceKey): Promise<string | null> {
  return getSecret(db, key, SMTP_PASSWORD);
}
