import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { createUser } from "../accounts/users.ts";
import { writeBackup } from "../backup/backup.ts";
import { restoreBackup } from "../backup/restore.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { writeRegistrySettings } from "../labels/registry-settings.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { calendarTokenUser, issueCalendarToken } from "../reminders/calendar-token.ts";
import { createApplication, getApplication } from "./application.ts";
import { makeReadyProduct } from "./ready-product.testing.ts";
import { transitionApplication } from "./transition.ts";

const dialects = testDialects();

describe("applications survive a backup and restore across databases", () => {
  const opened: TestDb[] = [];
  const dirs = [tempDir("jcstar-bk-"), tempDir("jcstar-bk-"), tempDir("jcstar-bk-")];
  afterAll(async () => {
    for (const t of opened) await t.dispose();
    for (const d of dirs) d.cleanup();
  });

  it(`from ${dialects[0]} to ${dialects.at(-1)}`, async () => {
    const source = await openTestDb(dialects[0] ?? "sqlite");
    opened.push(source);
    const now = () => new Date("2026-11-26T09:00:00Z");
    const deps = { db: source.db, catalog: loadCatalog(), now };
    const org = await createOrganisation(source.db, "Maker KK", now());
    const user = await createUser(
      source.db,
      { email: "m@example.jp", name: "M", password: "Correct horse battery 9", orgId: org.id, role: "owner" },
      now(),
    );
    const ctx = { orgId: org.id, actor: { id: user.id, name: "M" }, lang: "en" as const };
    await writeRegistrySettings(source.db, { enabled: true }, now());
    const { product } = await makeReadyProduct(deps, ctx);
    const app = await createApplication(deps, ctx, { productId: product.id, channel: "registry" });
    await transitionApplication(deps, ctx, app.id, { action: "mark_ready", version: 1 });
    await transitionApplication(deps, ctx, app.id, { action: "request_number", version: 2 });
    const token = await issueCalendarToken(source.db, user.id, now());
    const before = await getApplication(deps, ctx, app.id);

    const zip = join(dirs[2]?.path ?? "", "backup.zip");
    await writeBackup(source.db, source.dialect, dirs[0]?.path ?? "", { root: dirs[0]?.path ?? "" }, zip);
    const target = await openTestDb(dialects.at(-1) ?? "sqlite");
    opened.push(target);
    await restoreBackup(target.db, dirs[1]?.path ?? "", { root: dirs[1]?.path ?? "" }, zip);

    const after = await getApplication({ db: target.db, now }, ctx, app.id);
    expect(after).toEqual(before);
    expect(await calendarTokenUser(target.db, token)).toBe(user.id);
    const counter = await target.db.selectFrom("registry_counters").selectAll().execute();
    expect(counter).toEqual([{ name: "application:2026", value: 1 }]);
  });
});
