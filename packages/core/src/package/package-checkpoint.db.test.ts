import { randomBytes } from "node:crypto";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "../audit/audit-log.ts";
import { loadSigner } from "../audit/checkpoints.ts";
import { readCheckpointSource, verifyExternalCheckpoint } from "../audit/external-checkpoint.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import type { RequestContext } from "../context/deps.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { fillApplicationForm } from "../forms/fill-form.test-helper.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { haveJapaneseFont } from "../pdf/pdf-tools.test-helper.ts";
import { keyIdOf } from "../secrets/instance-key.ts";
import { readyProduct } from "../signoff/ready-product.test-helper.ts";
import { signOff } from "../signoff/signoff.ts";
import { blobPath } from "../vault/blob-store.ts";
import { verifyVault } from "../vault/verify.ts";
import { buildApplicationPackage, packageStore } from "./build-package.ts";
import type { PackageDeps } from "./package-entry.ts";

describe.skipIf(!haveJapaneseFont()).each(testDialects())("a package's checkpoint on %s", (dialect) => {
  let t: TestDb;
  let deps: PackageDeps;
  let ctx: RequestContext;
  const dir = tempDir("jcstar-package-");

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const key = randomBytes(32);
    deps = {
      db: t.db,
      catalog: loadCatalog(),
      now: () => new Date(),
      blobs: { root: dir.path },
      dataDir: dir.path,
      signer: await loadSigner(t.db, { key, keyId: keyIdOf(key), source: "env" }, dir.path, new Date()),
    };
    const org = await createOrganisation(t.db, "株式会社チェックポイント", deps.now());
    ctx = { orgId: org.id, actor: { id: null, name: "test" }, lang: "ja" };
  });
  afterAll(async () => {
    await t?.dispose();
    dir.cleanup();
  });

  it("embeds the newest signed checkpoint; a rollback behind it is detected, an untouched log is not", async () => {
    const { product } = await readyProduct(deps, ctx);
    await fillApplicationForm(deps, ctx, product.id);
    await signOff(deps, ctx, product.id, { signerName: "山田 太郎", signerTitle: "代表取締役" });
    const head = await t.db.selectFrom("audit_head").selectAll().executeTakeFirstOrThrow();
    const pkg = await buildApplicationPackage(deps, ctx, product.id);
    expect(pkg.manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(["audit/checkpoint.json", "audit/public-key.pem"]),
    );
    const kept = await readCheckpointSource(blobPath(packageStore(deps), pkg.zipSha256));
    expect(kept.seq).toBe(Number(head.seq));
    expect(await verifyExternalCheckpoint(t.db, kept)).toEqual({ ok: true, problems: [] });

    // Roll back to before the sign-off: entries and checkpoints after it go, the head is put back.
    const back = kept.seq - 3;
    const at = await t.db
      .selectFrom("audit_entries")
      .select("hash")
      .where("seq", "=", back)
      .executeTakeFirstOrThrow();
    await t.db.deleteFrom("audit_entries").where("seq", ">", back).execute();
    await t.db.deleteFrom("audit_checkpoints").where("seq", ">", back).execute();
    await t.db.updateTable("audit_head").set({ seq: back, hash: at.hash }).where("id", "=", 1).execute();
    await t.db
      .transaction()
      .execute((trx) =>
        appendAudit(
          trx,
          { orgId: ctx.orgId, actor: null, action: "test.note", entityType: "note", entityId: "n", data: {} },
          new Date(),
        ),
      );
    const report = await verifyVault(t.db, deps.blobs, new Date());
    expect(report.problems.map((p) => p.code)).not.toContain("CHAIN_ROLLED_BACK");
    expect((await verifyExternalCheckpoint(t.db, kept)).problems.map((p) => p.code)).toEqual([
      "CHAIN_ROLLED_BACK",
    ]);
  });
});
