import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { writeBackup } from "../backup/backup.ts";
import { restoreBackup } from "../backup/restore.ts";
import { loadCatalog } from "../catalog/load-catalog.ts";
import { openTestDb, type TestDb, testDialects } from "../db/test-databases.ts";
import { createOrganisation } from "../organisation/organisation.ts";
import { createProduct } from "../product/product.ts";
import { productPageView } from "../registry/public-view.ts";
import { putPublication } from "../registry/publication.ts";
import { searchLabels } from "../registry/search.ts";
import { keyIdOf } from "../secrets/instance-key.ts";
import { writePublicUrlSetting } from "../settings/instance-settings.ts";
import { issueLabel, revokeLabel } from "./issue-label.ts";
import { getLabel, getLabelPayload } from "./label.ts";
import { publicJwks } from "./label-keys.ts";
import { verifyLabelToken } from "./label-token.ts";

describe.each(testDialects())("labels survive backup and restore from %s", (from) => {
  const opened: TestDb[] = [];
  const dir = tempDir("jcstar-label-backup-");
  afterAll(async () => {
    for (const db of opened) await db.dispose();
    dir.cleanup();
  });

  it("restores labels, terms, keys and publish settings into the other database", async () => {
    const to = from === "sqlite" && testDialects().includes("postgres") ? "postgres" : "sqlite";
    const source = await openTestDb(from);
    const target = await openTestDb(to);
    opened.push(source, target);
    const key = randomBytes(32);
    const instanceKey = { key, keyId: keyIdOf(key), source: "env" as const };
    const clock = new Date("2026-11-26T03:00:00Z");
    const deps = { db: source.db, now: () => clock, instanceKey, catalog: loadCatalog() };
    const ctx = {
      orgId: (await createOrganisation(source.db, "Maker", clock)).id,
      actor: { id: null, name: "m" },
      lang: "en" as const,
    };
    const productId = (
      await createProduct(deps, ctx, { name: "Hub", category: "router", modelNumbers: ["H-1"] })
    ).id;
    await putPublication(deps, ctx, productId, {
      version: 0,
      published: true,
      slug: "hub",
      show: {
        modelNumbers: true,
        supportPeriod: false,
        latestFirmware: false,
        vulnerabilityContact: false,
        updateProcedure: false,
        label: true,
      },
      vulnerabilityContact: null,
      vulnerabilityPolicyUrl: null,
      securityTxtUrl: null,
      updateProcedure: null,
    });
    const operator = { id: null, name: "op" };
    // The public URL is an instance setting: it comes along with the backup.
    await writePublicUrlSetting(source.db, "https://r.example", clock);
    const label = await issueLabel(deps, operator, { productId });
    await revokeLabel(deps, operator, { registrationNumber: label.registrationNumber, reason: "recalled" });

    const zip = join(dir.path, `${from}.zip`);
    await writeBackup(source.db, from, join(dir.path, "src"), { root: join(dir.path, "src") }, zip);
    await restoreBackup(target.db, join(dir.path, `dst-${to}`), { root: join(dir.path, `dst-${to}`) }, zip);

    const restored = await getLabel({ db: target.db, now: () => clock }, "en", label.registrationNumber);
    expect(restored).toMatchObject({ status: "revoked", revocationReason: "recalled", productId });
    expect((await searchLabels(target.db, { q: "h-1" }, clock)).items).toHaveLength(1);
    expect((await productPageView(target.db, "hub", clock))?.modelNumbers).toEqual(["H-1"]);
    const jwks = await publicJwks(target.db);
    expect(jwks).toEqual(await publicJwks(source.db));
    const payload = await getLabelPayload(target.db, "en", label.registrationNumber);
    expect((await verifyLabelToken(payload, jwks, { now: clock })).outcome).toBe("valid");
    // The private key came along, encrypted: the restored registry keeps signing with the same key.
    const next = await issueLabel({ db: target.db, now: () => clock, instanceKey }, operator, {
      product: "P",
      maker: "M",
    });
    expect(next.keyId).toBe(label.keyId);
    const nextPayload = await getLabelPayload(target.db, "en", next.registrationNumber);
    const claims = JSON.parse(Buffer.from(nextPayload.split(".")[1] ?? "", "base64url").toString());
    expect(claims.iss).toBe("https://r.example");
    expect(next.registrationNumber).not.toBe(label.registrationNumber);
  });
});
