import type { Catalog } from "../catalog/load-catalog.ts";
import type { Db } from "../db/create-db.ts";
import type { Lang } from "../i18n/text.ts";

/** Everything core logic may touch, built once in the app's main and passed explicitly. */
export type CoreDeps = {
  db: Db;
  catalog: Catalog;
  /** The clock, so that tests can fix time. */
  now: () => Date;
  /** `JCSTAR_PUBLIC_URL` (validated origin) when set: the base of every link, over the instance setting. */
  publicUrl?: string | undefined;
};

/** Who asks, for which organisation, in which language. Every route builds one. */
export type RequestContext = {
  orgId: string;
  actor: { id: string | null; name: string };
  lang: Lang;
};

/** ISO-8601 text for a Date, the only time format stored. */
export function isoNow(deps: Pick<CoreDeps, "now">): string {
  return deps.now().toISOString();
}
