import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { parseOrThrow } from "../errors/zod-details.ts";

const KEY = "registry";

const format = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9\-_/.{}: ]+$/, "letters, digits, - _ / . and {yyyy} {seq:N}")
  .refine((f) => /\{seq(:\d)?\}/.test(f), { message: "must contain {seq} or {seq:N}" });

/**
 * The registry side of this instance (kept in instance_settings under "registry"): whether it runs a
 * registry that makers may submit to (a sandbox for training and dry runs, or a private programme),
 * and the formats of the numbers it issues.
 */
export const registrySettingsSchema = z
  .object({
    enabled: z.boolean().default(false),
    programme: z.enum(["sandbox", "private"]).default("sandbox"),
    name: z.string().trim().min(1).max(200).default("jcstar sandbox registry"),
    applicationNumberFormat: format.default("APP-{yyyy}-{seq:5}"),
    registrationNumberFormat: format.default("SBX-{yyyy}-{seq:6}"),
  })
  .strict();
export type RegistrySettings = z.output<typeof registrySettingsSchema>;

export async function readRegistrySettings(db: Db): Promise<RegistrySettings> {
  const row = await db
    .selectFrom("instance_settings")
    .select("value")
    .where("key", "=", KEY)
    .executeTakeFirst();
  return registrySettingsSchema.parse(row ? JSON.parse(row.value) : {});
}

export async function writeRegistrySettings(db: Db, input: unknown, now: Date): Promise<RegistrySettings> {
  const settings = parseOrThrow(registrySettingsSchema, input);
  const value = JSON.stringify(settings);
  const at = now.toISOString();
  await db
    .insertInto("instance_settings")
    .values({ key: KEY, value, updated_at: at })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: at }))
    .execute();
  return settings;
}

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
