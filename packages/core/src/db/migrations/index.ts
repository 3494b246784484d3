import type { Migration } from "kysely";
import * as spine from "./2026-11-26T0400-spine.ts";
import * as accounts from "./2026-11-26T0500-accounts.ts";
import * as vault from "./2026-11-26T0600-vault.ts";
import * as deviceTests from "./2026-11-26T0700-device-tests.ts";
import * as signoffPackage from "./2026-11-26T1000-signoff-package.ts";

/**
 * Every migration, by name. Names start with the time they were written so they sort in order.
 * A static list (not a folder scan) so that migrations work the same under tsx, vitest and a bundle.
 */
export const MIGRATIONS: Record<string, Migration> = {
  "2026-11-26T0400-spine": spine,
  "2026-11-26T0500-accounts": accounts,
  "2026-11-26T0600-vault": vault,
  "2026-11-26T0700-device-tests": deviceTests,
  "2026-11-26T1000-signoff-package": signoffPackage,
};
