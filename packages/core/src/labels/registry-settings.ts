import { readFileSync } from "node:fs";
import { z } from "zod";
import { appendAudit } from "../audit/audit-log.ts";
import type { Db } from "../db/create-db.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { i18nTextSchema } from "../i18n/text.ts";
import { type PublicUrlDeps, requirePublicUrl } from "../settings/public-url.ts";

const SETTINGS_KEY = "registry";

/**
 * `{yyyy}` the year of issuance (Japan time), `{seq:N}` a per-year sequence padded to N digits
 * (`{seq}` unpadded); any other text is kept. The sequence is the only required part.
 */
export const registrationNumberFormatSchema = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/\{seq(:\d)?\}/, "must contain {seq} or {seq:N}")
  .regex(/^(?:[A-Za-z0-9._-]|\{yyyy\}|\{seq(?::\d)?\})+$/, "letters, digits, . _ - and {yyyy} {seq:N}");

/**
 * What the registry operator configures (registry side only), kept in instance_settings under "registry":
 * whether this instance runs a registry makers may submit to (a sandbox for training and dry runs, or a private
 * programme), its name, the formats of the numbers it issues, label validity and the public origin.
 */
export const registrySettingsSchema = z
  .object({
    /** Makers on this instance may submit applications to this registry. */
    enabled: z.boolean(),
    registryName: i18nTextSchema,
    /** Shown on labels and public pages: this registry is for training and dry runs. */
    sandbox: z.boolean(),
    /** The application numbers this registry assigns when a maker asks for one. */
    applicationNumberFormat: registrationNumberFormatSchema,
    registrationNumberFormat: registrationNumberFormatSchema,
    validityYears: z.number().int().min(1).max(10),
    /** The origin QR codes, payloads and the status list (`iss`) point to; null = the instance's public URL. */
    publicBaseUrl: z
      .string()
      .url()
      .max(200)
      .regex(/^https?:\/\/[^/?#]+$/, "an origin without a path, e.g. https://registry.example.jp")
      .nullable(),
  })
  .strict();
export type RegistrySettings = z.output<typeof registrySettingsSchema>;

/** A change of some settings: the fields not given keep their value. */
export const registrySettingsUpdateSchema = registrySettingsSchema.partial().strict();

export const REGISTRY_DEFAULTS: RegistrySettings = registrySettingsSchema.parse(
  JSON.parse(readFileSync(new URL("./data/registry-defaults.json", import.meta.url), "utf8")),
);

export async function readRegistrySettings(db: Db): Promise<RegistrySettings> {
  const row = await db
    .selectFrom("instance_settings")
    .select("value")
    .where("key", "=", SETTINGS_KEY)
    .executeTakeFirst();
  if (!row) return REGISTRY_DEFAULTS;
  return registrySettingsSchema.parse({ ...REGISTRY_DEFAULTS, ...JSON.parse(row.value) });
}

/**
 * The origin of the registry's public side (label URLs and QR codes, `iss` of payloads and the status list):
 * the registry's `publicBaseUrl`, else the instance's public URL; PUBLIC_URL_NOT_SET when neither is set.
 */
export async function registryPublicUrl(deps: PublicUrlDeps, settings?: RegistrySettings): Promise<string> {
  const base = (settings ?? (await readRegistrySettings(deps.db))).publicBaseUrl;
  return base ?? requirePublicUrl(deps);
}

/** Saves the registry settings with an audit entry (who changed the number format, the public URL…). */
export async function writeRegistrySettings(
  db: Db,
  input: unknown,
  now: Date,
  actor = "system",
): Promise<RegistrySettings> {
  const change = parseOrThrow(registrySettingsUpdateSchema, input);
  const settings = parseOrThrow(registrySettingsSchema, { ...(await readRegistrySettings(db)), ...change });
  const value = JSON.stringify(settings);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("instance_settings")
      .values({ key: SETTINGS_KEY, value, updated_at: now.toISOString() })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: now.toISOString() }))
      .execute();
    await appendAudit(
      trx,
      {
        orgId: null,
        actor,
        action: "registry.settings",
        entityType: "registry",
        entityId: SETTINGS_KEY,
        data: settings,
      },
      now,
    );
  });
  return settings;
}
