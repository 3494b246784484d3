import { type ChildProcess, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createApiToken,
  createDb,
  createOrganisation,
  createProduct,
  createUser,
  loadCatalog,
  migrateToLatest,
  signOff,
} from "@jcstar/core";
import { fillApplicationForm } from "@jcstar/core/forms/fill-form.test-helper";
import { haveJapaneseFont } from "@jcstar/core/pdf/pdf-tools.test-helper";
import { readyProduct } from "@jcstar/core/signoff/ready-product.test-helper";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, startServe } from "./serve.testing.ts";

/** An owner with a token, a signed-off ready product and a product that is not ready. */
async function seed(data: string) {
  const handle = await createDb({ dataDir: data });
  try {
    await migrateToLatest(handle.db);
    const now = () => new Date();
    const deps = { db: handle.db, catalog: loadCatalog(), now };
    const org = await createOrganisation(handle.db, "株式会社CLI", now());
    const user = await createUser(
      handle.db,
      {
        email: "o@example.jp",
        name: "O",
        password: "a long package passphrase",
        orgId: org.id,
        role: "owner",
      },
      now(),
    );
    const ctx = { orgId: org.id, actor: { id: user.id, name: "O" }, lang: "ja" as const };
    const { product } = await readyProduct(deps, ctx);
    await fillApplicationForm(deps, ctx, product.id);
    await signOff(deps, ctx, product.id, { signerName: "山田 太郎", signerTitle: "代表取締役" });
    const notReady = await createProduct(deps, ctx, { name: "未評価", category: "sensor" });
    const token = await createApiToken(handle.db, user.id, { name: "cli", scope: "write" }, now());
    return { token: token.token, ready: product.id, notReady: notReady.id };
  } finally {
    await handle.close();
  }
}

describe.skipIf(!haveJapaneseFont())("jcstar package build", () => {
  const dir = tempDir();
  let server: { child: ChildProcess; url: string } | undefined;
  afterAll(async () => {
    server?.child.kill("SIGTERM");
    if (server) await new Promise((r) => server?.child.once("exit", r));
    dir.cleanup();
  });

  it("downloads the package of a ready product and lists the open items of one that is not", async () => {
    const data = join(dir.path, "data");
    const { token, ready, notReady } = await seed(data);
    server = await startServe(data, { ...process.env, DATABASE_URL: "", JCSTAR_DATA_DIR: data });
    const run = (product: string, out: string) =>
      spawnSync(
        process.execPath,
        [
          BIN,
          "package",
          "build",
          "--server",
          server?.url ?? "",
          "--token",
          token,
          "--product",
          product,
          "--out",
          out,
        ],
        { encoding: "utf8", timeout: 120_000 },
      );
    const out = join(dir.path, "package.zip");
    const ok = run(ready, out);
    expect(ok.status, ok.stderr).toBe(0);
    const sha = createHash("sha256").update(readFileSync(out)).digest("hex");
    expect(ok.stdout).toContain(`sha256:${sha}`);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe("PK");

    const refused = run(notReady, join(dir.path, "no.zip"));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("NOT_READY");
    expect(refused.stderr).toContain("S1.1-01.NOT_ASSESSED");
    expect(refused.stderr).toContain("application.APPLICATION_FIELD_MISSING");
  }, 180_000);
});
