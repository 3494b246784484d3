import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { writeBackup } from "../backup/backup.ts";
import { restoreBackup } from "../backup/restore.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { getApplicationForm } from "../forms/application-form.ts";
import { fillApplicationForm } from "../forms/fill-form.test-helper.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { haveJapaneseFont } from "../pdf/pdf-tools.test-helper.ts";
import { readyProduct } from "../signoff/ready-product.test-helper.ts";
import { getSignoff, signOff } from "../signoff/signoff.ts";
import { buildApplicationPackage } from "./build-package.ts";
import { listPackages } from "./package-history.ts";

const dialects = testDialects();

describe.skipIf(!haveJapaneseFont())("sign-offs, application forms and packages in a backup", () => {
  const dbs: TestDb[] = [];
  const dirs = [tempDir("jcstar-bk-src-"), tempDir("jcstar-bk-dst-")];
  afterAll(async () => {
    for (const db of dbs) await db.dispose();
    for (const d of dirs) d.cleanup();
  });

  it(`restore into ${dialects.at(-1)} keeps the signed snapshot (hash verified), the form and the package history`, async () => {
    const source = await openTestDb("sqlite");
    dbs.push(source);
    const [src, dst] = dirs as [ReturnType<typeof tempDir>, ReturnType<typeof tempDir>];
    const deps = {
      db: source.db,
      catalog: loadCatalog(),
      now: () => new Date("2026-11-26T05:00:00Z"),
      blobs: { root: src.path },
      dataDir: src.path,
    };
    const org = await createOrganisation(source.db, "株式会社バックアップ", deps.now());
    const ctx: RequestContext = { orgId: org.id, actor: { id: null, name: "t" }, lang: "ja" };
    const { product } = await readyProduct(deps, ctx);
    await fillApplicationForm(deps, ctx, product.id, { proxy: true });
    const signed = await signOff(deps, ctx, product.id, {
      signerName: "山田 太郎",
      signerTitle: "代表取締役",
    });
    const pkg = await buildApplicationPackage(deps, ctx, product.id);
    const zip = join(src.path, "backup.zip");
    await writeBackup(source.db, "sqlite", src.path, deps.blobs, zip);

    const target = await openTestDb(dialects.at(-1) ?? "sqlite");
    dbs.push(target);
    await restoreBackup(target.db, dst.path, { root: dst.path }, zip);
    const restored = { ...deps, db: target.db, blobs: { root: dst.path }, dataDir: dst.path };
    const again = await getSignoff(restored, ctx, signed.id);
    expect(again.snapshotSha256).toBe(signed.snapshotSha256);
    expect(again.snapshot).toEqual(signed.snapshot);
    const form = await getApplicationForm(restored, ctx, product.id);
    expect(form.proxy).toBe(true);
    expect(form.missing).toEqual([]);
    const history = await listPackages(restored, ctx, product.id);
    expect(history.map((p) => [p.id, p.zipSha256, p.size])).toEqual([[pkg.id, pkg.zipSha256, pkg.size]]);
  });
});
