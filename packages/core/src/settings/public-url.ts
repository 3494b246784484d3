import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";
import { readSettings } from "./instance-settings.ts";

/**
 * What the links need: the database (the `publicUrl` instance setting) and `JCSTAR_PUBLIC_URL` when set
 * (`deps.publicUrl`, from the configuration; it wins over the setting).
 */
export type PublicUrlDeps = { db: Db; publicUrl?: string | undefined };

export type PublicUrlStatus = { url: string | null; source: "env" | "settings" | null };

/** Where the public URL comes from, for the admin page (it says why no mail is sent while it is null). */
export async function publicUrlStatus(deps: PublicUrlDeps): Promise<PublicUrlStatus> {
  if (deps.publicUrl) return { url: deps.publicUrl, source: "env" };
  const { publicUrl } = await readSettings(deps.db);
  return publicUrl ? { url: publicUrl, source: "settings" } : { url: null, source: null };
}

/**
 * THE base of every link jcstar gives people (password resets, invitations, calendar feeds, registry and label
 * URLs): `JCSTAR_PUBLIC_URL`, else the admin's `publicUrl` setting, else null. Never the request's Host or
 * X-Forwarded-* headers, which a caller chooses.
 */
export async function instancePublicUrl(deps: PublicUrlDeps): Promise<string | null> {
  return (await publicUrlStatus(deps)).url;
}

/** {@link instancePublicUrl}, or PUBLIC_URL_NOT_SET when none is configured (no link can be made). */
export async function requirePublicUrl(deps: PublicUrlDeps): Promise<string> {
  const url = await instancePublicUrl(deps);
  if (!url) throw new AppError("PUBLIC_URL_NOT_SET");
  return url;
}
