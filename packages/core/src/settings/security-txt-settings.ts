import { z } from "zod";
import { appendAudit } from "../audit/audit-log.ts";
import type { Db } from "../db/create-db.ts";
import { inTransaction } from "../db/in-transaction.ts";
import { validateSecurityTxt } from "../documents/security-txt.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";

/** The instance_settings row of the instance's own security.txt (a row of its own: other settings stay apart). */
const SECURITY_TXT_KEY = "security-txt";
const DAY_MS = 24 * 60 * 60 * 1000;
/** RFC 9116 recommends less than a year; an admin may set up to 365 days ahead. */
export const SECURITY_TXT_MAX_DAYS = 365;

const contactSchema = z
  .string()
  .trim()
  .min(8)
  .max(500)
  .refine((value) => /^mailto:[^\s@]+@[^\s@]+$/i.test(value) || isHttpsUrl(value), {
    message: "a mailto: or https: URI",
    params: {
      ja: "mailto:（例: mailto:security@example.jp）または https:// の URI を指定してください。",
      en: "Use a mailto: (e.g. mailto:security@example.jp) or https:// URI.",
    },
  });

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:" && !/\s/.test(value);
  } catch {
    return false;
  }
}

/** What an instance admin sets for the instance's own /.well-known/security.txt (RFC 9116). */
export const securityTxtSettingsSchema = z
  .object({
    /** One or more ways to report a vulnerability in this instance: mailto: or https: URIs. */
    contacts: z.array(contactSchema).min(1).max(10),
    /** When the file stops being valid (RFC 3339 / ISO 8601 date-time); in the future, at most a year ahead. */
    expires: z.iso.datetime({ offset: true }),
    /** Languages reports may be written in. */
    preferredLanguages: z
      .array(z.enum(["ja", "en"]))
      .max(2)
      .default([]),
    /** A page describing the instance's disclosure policy (https), if there is one. */
    policy: z
      .string()
      .trim()
      .max(500)
      .refine(isHttpsUrl, { message: "an https: URI" })
      .nullable()
      .default(null),
  })
  .strict();
export type SecurityTxtSettings = z.output<typeof securityTxtSettingsSchema>;

/** The settings, or null while an admin has not set them (then no security.txt is served). */
export async function readSecurityTxtSettings(db: Db): Promise<SecurityTxtSettings | null> {
  const row = await db
    .selectFrom("instance_settings")
    .select("value")
    .where("key", "=", SECURITY_TXT_KEY)
    .executeTakeFirst();
  if (!row) return null;
  const parsed = securityTxtSettingsSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : null;
}

function checkExpires(expires: string, now: Date): void {
  const time = Date.parse(expires);
  if (time <= now.getTime() || time - now.getTime() > SECURITY_TXT_MAX_DAYS * DAY_MS)
    throw new AppError("SECURITY_TXT_EXPIRES_INVALID", { days: SECURITY_TXT_MAX_DAYS });
}

/** Saves the instance's security.txt settings (instance admins), audited in the same transaction. */
export async function writeSecurityTxtSettings(
  db: Db,
  actorId: string | null,
  input: unknown,
  now: Date,
): Promise<SecurityTxtSettings> {
  const settings = parseOrThrow(securityTxtSettingsSchema, input);
  checkExpires(settings.expires, now);
  const value = JSON.stringify(settings);
  const at = now.toISOString();
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto("instance_settings")
      .values({ key: SECURITY_TXT_KEY, value, updated_at: at })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: at }))
      .execute();
    await appendAudit(
      trx,
      {
        orgId: null,
        actor: actorId,
        action: "settings.security_txt",
        entityType: "instance_settings",
        entityId: SECURITY_TXT_KEY,
        data: settings,
      },
      now,
    );
  });
  return settings;
}

/**
 * The instance's RFC 9116 security.txt: Contact lines, Expires, Preferred-Languages, Policy, and Canonical from the
 * instance's public URL when there is one. Null — serve 404 — while the settings are not set, once Expires is
 * past, or when the text would not pass the RFC 9116 check (validateSecurityTxt, shared with products' files).
 */
export function buildInstanceSecurityTxt(
  settings: SecurityTxtSettings | null,
  publicUrl: string | null,
  now: Date,
): string | null {
  if (!settings) return null;
  const expires = new Date(settings.expires);
  const canonical = publicUrl?.startsWith("https://")
    ? `${publicUrl.replace(/\/+$/, "")}/.well-known/security.txt`
    : null;
  const lines = [
    "# Security contact of this jcstar instance (RFC 9116).",
    ...settings.contacts.map((c) => `Contact: ${c}`),
    `Expires: ${expires.toISOString().replace(/\.\d{3}Z$/, "Z")}`,
    ...(settings.preferredLanguages.length > 0
      ? [`Preferred-Languages: ${settings.preferredLanguages.join(", ")}`]
      : []),
    ...(settings.policy ? [`Policy: ${settings.policy}`] : []),
    ...(canonical ? [`Canonical: ${canonical}`] : []),
  ];
  const text = `${lines.join("\n")}\n`;
  return validateSecurityTxt(text, now).length === 0 ? text : null;
}
