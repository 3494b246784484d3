import { spawnSync } from "node:child_process";
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import { createWriteStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  appendAudit,
  bundleSignatureOf,
  type Checkpoint,
  checkpointMessage,
  createDb,
  createEvidence,
  createOrganisation,
  createProduct,
  createUser,
  keyFingerprint,
  keyIdOfPublicKey,
  loadCatalog,
  loadInstanceKey,
  loadSigner,
  migrateToLatest,
  writeEvidenceBundle,
} from "@jcstar/core";
import { eachZipEntry, readAll } from "@jcstar/core/bundle/zip-read";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yazl from "yazl";
import { BIN, startServe } from "./serve.testing.ts";

const cli = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "", JCSTAR_DATA_DIR: "" },
    timeout: 120_000,
  });

/** An instance in `data` with one evidence record, a few later audit entries, and a bundle at `out`. */
async function instanceWithBundle(data: string, out: string) {
  const handle = await createDb({ dataDir: data });
  try {
    await migrateToLatest(handle.db);
    const now = () => new Date();
    const org = await createOrganisation(handle.db, "Maker", now());
    const user = await createUser(
      handle.db,
      {
        email: "o@example.jp",
        name: "O",
        password: "a long bundle passphrase",
        orgId: org.id,
        role: "owner",
      },
      now(),
    );
    const ctx = { orgId: org.id, actor: { id: user.id, name: "O" }, lang: "ja" as const };
    const deps = { db: handle.db, catalog: loadCatalog(), now };
    const product = await createProduct(deps, ctx, { name: "CAM-1", category: "camera" });
    await createEvidence(deps, ctx, { type: "document", documentName: "Manual", location: "p.1" });
    const evidenceSeq = Number(
      (await handle.db.selectFrom("audit_head").select("seq").executeTakeFirstOrThrow()).seq,
    );
    // Later activity that a rollback would erase without leaving a trace in the data folder.
    await handle.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 3; i++)
        await appendAudit(
          trx,
          {
            orgId: org.id,
            actor: user.id,
            action: "test.note",
            entityType: "note",
            entityId: `n${i}`,
            data: {},
          },
          now(),
        );
    });
    const signer = await loadSigner(handle.db, loadInstanceKey(data), data, now());
    await writeEvidenceBundle(
      { ...deps, blobs: { root: data }, signer, dataDir: data },
      ctx,
      product.id,
      [],
      createWriteStream(out),
    );
    return { evidenceSeq, signer };
  } finally {
    await handle.close();
  }
}

async function zipEntries(path: string): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  await eachZipEntry(
    path,
    () => true,
    async (name, stream) => {
      entries.set(name, await readAll(stream, 64 * 1024 * 1024));
    },
  );
  return entries;
}

async function writeZip(entries: Map<string, Buffer>, path: string) {
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) zip.addBuffer(data, name);
  zip.end();
  await new Promise<void>((res, rej) => {
    zip.outputStream.pipe(createWriteStream(path)).on("finish", res).on("error", rej);
  });
}

describe("evidence bundles prove who made them; rollbacks show against a kept checkpoint", () => {
  const dir = tempDir();
  const a = { data: join(dir.path, "a"), bundle: join(dir.path, "a.zip") };
  const b = { data: join(dir.path, "b"), bundle: join(dir.path, "b.zip") };
  let aInfo: Awaited<ReturnType<typeof instanceWithBundle>>;
  let bInfo: Awaited<ReturnType<typeof instanceWithBundle>>;
  beforeAll(async () => {
    aInfo = await instanceWithBundle(a.data, a.bundle);
    bInfo = await instanceWithBundle(b.data, b.bundle);
    writeFileSync(join(dir.path, "a.pem"), aInfo.signer.publicKeyPem);
    writeFileSync(join(dir.path, "b.pem"), bInfo.signer.publicKeyPem);
  }, 120_000);
  afterAll(() => dir.cleanup());

  it("a bundle of another instance: exit 2 without trust, 0 with its key (file or URL), 1 with a wrong key", async () => {
    const untrusted = cli(["evidence", "verify-bundle", b.bundle]);
    expect(untrusted.status, untrusted.stdout + untrusted.stderr).toBe(2);
    expect(untrusted.stdout).toContain(bInfo.signer.fingerprint);
    expect(untrusted.stdout).toMatch(/unverified origin/);
    expect(untrusted.stdout).toMatch(/発行元/);
    expect(untrusted.stdout).not.toMatch(/^OK/m);

    const trusted = cli(["evidence", "verify-bundle", "--trust-key", join(dir.path, "b.pem"), b.bundle]);
    expect(trusted.status, trusted.stdout + trusted.stderr).toBe(0);
    const wrong = cli(["evidence", "verify-bundle", "--trust-key", join(dir.path, "a.pem"), b.bundle]);
    expect(wrong.status, wrong.stdout).toBe(1);
    expect(wrong.stdout).toMatch(/forged|偽/);
    // Without --trust-key, only the key of the instance in --data.
    expect(cli(["evidence", "verify-bundle", "--data", b.data, b.bundle]).status).toBe(0);
    expect(cli(["evidence", "verify-bundle", "--data", a.data, b.bundle]).status).toBe(1);
    // A raw 32-byte key file works as well.
    const jwk = createPublicKey(bInfo.signer.publicKeyPem).export({ format: "jwk" }) as { x: string };
    writeFileSync(join(dir.path, "b.raw"), Buffer.from(jwk.x, "base64url"));
    expect(cli(["evidence", "verify-bundle", "--trust-key", join(dir.path, "b.raw"), b.bundle]).status).toBe(
      0,
    );

    // The key the instance publishes.
    const server = await startServe(b.data, { ...process.env, DATABASE_URL: "", JCSTAR_DATA_DIR: "" });
    try {
      const url = `${server.url}/api/audit/public-key`;
      const published = (await (await fetch(url)).json()) as { fingerprint: string };
      expect(published.fingerprint).toBe(bInfo.signer.fingerprint);
      const viaUrl = cli(["evidence", "verify-bundle", "--trust-key", url, b.bundle]);
      expect(viaUrl.status, viaUrl.stdout + viaUrl.stderr).toBe(0);
      expect(cli(["evidence", "verify-bundle", "--trust-key", url, a.bundle]).status).toBe(1);
    } finally {
      server.child.kill("SIGTERM");
      await new Promise((r) => server.child.once("exit", r));
    }
  }, 180_000);

  it("a bundle with its manifest edited, unsigned or re-signed by an attacker's key, never verifies", async () => {
    const entries = await zipEntries(a.bundle);
    const manifest = JSON.parse(entries.get("manifest.json")?.toString("utf8") ?? "{}");
    manifest.product.name = "A product the maker never assessed";
    entries.set("manifest.json", Buffer.from(JSON.stringify(manifest, null, 2)));
    const edited = join(dir.path, "edited.zip");
    await writeZip(entries, edited);
    for (const trust of [[], ["--trust-key", join(dir.path, "a.pem")], ["--data", a.data]]) {
      const r = cli(["evidence", "verify-bundle", ...trust, edited]);
      expect(r.status, `${trust.join(" ")}\n${r.stdout}`).toBe(1);
    }

    // The attacker re-signs everything with a key of their own.
    const pair = generateKeyPairSync("ed25519");
    const pem = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
    const attacker = {
      privateKey: createPrivateKey(pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString()),
      publicKeyPem: pem,
      keyId: keyIdOfPublicKey(pem),
      fingerprint: keyFingerprint(pem),
    };
    const original = JSON.parse(entries.get("audit/checkpoint.json")?.toString("utf8") ?? "{}") as Checkpoint;
    const resigned: Checkpoint = {
      ...original,
      keyId: attacker.keyId,
      signature: sign(null, checkpointMessage(original), attacker.privateKey).toString("base64"),
    };
    entries.set("audit/checkpoint.json", Buffer.from(JSON.stringify(resigned, null, 2)));
    entries.set("audit/public-key.pem", Buffer.from(pem));
    entries.set("signature.json", bundleSignatureOf(entries, attacker));
    const forged = join(dir.path, "forged.zip");
    await writeZip(entries, forged);
    const noTrust = cli(["evidence", "verify-bundle", forged]);
    expect(noTrust.status, noTrust.stdout).toBe(2);
    expect(noTrust.stdout).toContain(attacker.fingerprint);
    for (const trust of [
      ["--trust-key", join(dir.path, "a.pem")],
      ["--data", a.data],
    ]) {
      const r = cli(["evidence", "verify-bundle", ...trust, forged]);
      expect(r.status, `${trust.join(" ")}\n${r.stdout}`).toBe(1);
    }
  }, 120_000);

  it("evidence verify --checkpoint: 0 while the log holds the bundle's checkpoint, 1 after a rollback", async () => {
    const entries = await zipEntries(a.bundle);
    const json = join(dir.path, "checkpoint.json");
    writeFileSync(json, entries.get("audit/checkpoint.json") ?? "");
    for (const kept of [a.bundle, json]) {
      const ok = cli(["evidence", "verify", "--data", a.data, "--checkpoint", kept]);
      expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    }
    // Roll back: the entries after the evidence and their checkpoints go, the head is put back.
    const handle = await createDb({ dataDir: a.data });
    try {
      const n = aInfo.evidenceSeq;
      const at = await handle.db
        .selectFrom("audit_entries")
        .select("hash")
        .where("seq", "=", n)
        .executeTakeFirstOrThrow();
      await handle.db.deleteFrom("audit_entries").where("seq", ">", n).execute();
      await handle.db.deleteFrom("audit_checkpoints").where("seq", ">", n).execute();
      await handle.db.updateTable("audit_head").set({ seq: n, hash: at.hash }).where("id", "=", 1).execute();
    } finally {
      await handle.close();
    }
    // The data folder alone cannot tell…
    const alone = cli(["evidence", "verify", "--data", a.data]);
    expect(alone.status, alone.stdout).toBe(0);
    // …the kept checkpoint can.
    for (const kept of [a.bundle, json]) {
      const bad = cli(["evidence", "verify", "--data", a.data, "--checkpoint", kept]);
      expect(bad.status, bad.stdout + bad.stderr).toBe(1);
      expect(bad.stdout).toMatch(/rolled back/);
      expect(bad.stdout).toMatch(/巻き戻/);
    }
  }, 120_000);
});
