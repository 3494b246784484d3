import { spawnSync } from "node:child_process";
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createProduct } from "@jcstar/core";
import { tempDir } from "@jcstar/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yazl from "yazl";
import { json, openTestApp, type TestApp, type TestUser } from "./test-app.ts";

const BIN = resolve(import.meta.dirname, "../../cli/bin/jcstar.js");

/** Writes a ZIP; names starting with "../" are written as "QQ/" and patched afterwards (yazl refuses them). */
async function zipOf(
  entries: { name: string; data: Buffer | string; mode?: number }[],
  path: string,
): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    zip.addBuffer(Buffer.from(e.data), e.name.replaceAll("../", "QQ/"), e.mode ? { mode: e.mode } : {});
  }
  zip.end();
  await new Promise<void>((res, rej) => {
    zip.outputStream
      .pipe(createWriteStream(path))
      .on("finish", () => res())
      .on("error", rej);
  });
  const bytes = readFileSync(path);
  for (let at = bytes.indexOf("QQ/"); at >= 0; at = bytes.indexOf("QQ/", at + 3))
    bytes.write("../", at, "latin1");
  writeFileSync(path, bytes);
}

describe("evidence bundles", () => {
  let source: TestApp;
  let target: TestApp;
  let editor: TestUser;
  let targetOwner: TestUser;
  let productId: string;
  const dir = tempDir();
  const bundlePath = join(dir.path, "bundle.zip");
  const keyPath = join(dir.path, "source.pem");

  beforeAll(async () => {
    source = await openTestApp("sqlite");
    target = await openTestApp("sqlite");
    editor = await source.user("editor");
    targetOwner = await target.user("owner");
    const ctx = { orgId: source.orgId, actor: { id: editor.id, name: "E" }, lang: "ja" as const };
    productId = (
      await createProduct(source.deps, ctx, {
        name: "CAM-100",
        category: "camera",
        modelNumbers: ["CAM-100"],
      })
    ).id;
    await source.app.request(`/api/products/${productId}/assessments`, json("POST", {}, editor.headers));
    for (const [name, body, criterion] of [
      ["scan.log", "22/tcp closed\n", "S1.1-13"],
      ["label.txt", "Model: CAM-100\n", "S1.1-10"],
    ] as const) {
      const res = await source.app.request(
        `/api/evidence/files?kind=log&fileName=${name}&productId=${productId}&criterion=${criterion}`,
        {
          method: "POST",
          headers: { ...editor.headers, "content-type": "application/octet-stream" },
          body,
        },
      );
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
    dir.cleanup();
  });

  it("builds a bundle that verifies offline with the CLI, and a tampered copy that does not", async () => {
    const res = await source.app.request(`/api/products/${productId}/evidence-bundle`, {
      headers: editor.headers,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    writeFileSync(bundlePath, Buffer.from(await res.arrayBuffer()));
    // Every hash matches, but without a trusted key the origin is unverified: never OK.
    const unverified = spawnSync(process.execPath, [BIN, "evidence", "verify-bundle", bundlePath], {
      encoding: "utf8",
    });
    expect(unverified.status, unverified.stdout + unverified.stderr).toBe(2);
    expect(unverified.stdout).toContain(source.deps.signer.fingerprint);
    writeFileSync(keyPath, source.deps.signer.publicKeyPem);
    const ok = spawnSync(
      process.execPath,
      [BIN, "evidence", "verify-bundle", "--trust-key", keyPath, bundlePath],
      { encoding: "utf8" },
    );
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/OK: 2 file\(s\)/);

    // Flip one byte inside a stored file: the archive stays readable, the hash does not match.
    const bytes = readFileSync(bundlePath);
    const at = bytes.indexOf(Buffer.from("22/tcp closed"));
    expect(at).toBeGreaterThan(0);
    bytes[at] = "3".charCodeAt(0);
    const tampered = join(dir.path, "tampered.zip");
    writeFileSync(tampered, bytes);
    const bad = spawnSync(process.execPath, [BIN, "evidence", "verify-bundle", tampered], {
      encoding: "utf8",
    });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/NG/);
    const unknown = await source.app.request(`/api/products/${productId}/evidence-bundle?criterion=S1.1-99`, {
      headers: editor.headers,
    });
    expect(unknown.status).toBe(404);
  });

  it("refuses a bundle of an unknown key; imports it once an admin trusts the key, as the importer's records", async () => {
    const importIt = () =>
      target.app.request("/api/evidence-bundles/import?lang=en", {
        method: "POST",
        headers: { ...targetOwner.headers, "content-type": "application/zip" },
        body: new Uint8Array(readFileSync(bundlePath)),
      });
    const refused = await importIt();
    expect(refused.status).toBe(422);
    const error = ((await refused.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("BUNDLE_KEY_UNTRUSTED");
    expect(error.message).toContain(source.deps.signer.fingerprint);
    expect(await target.db.db.selectFrom("evidence").select("id").execute()).toEqual([]);

    // Only an admin may trust a foreign key.
    const trust = { name: "Source instance", publicKey: source.deps.signer.publicKeyPem };
    const byOwner = await target.app.request(
      "/api/admin/trusted-bundle-keys",
      json("POST", trust, targetOwner.headers),
    );
    expect(byOwner.status).toBe(403);
    // Instance admins work with a signed-in session (instance roles do not act by API token).
    const admin = await target.session((await target.user(null, { instanceRole: "admin" })).id);
    const wrongFingerprint = await target.app.request(
      "/api/admin/trusted-bundle-keys",
      json("POST", { ...trust, fingerprint: "0".repeat(64) }, admin),
    );
    expect(wrongFingerprint.status).toBe(400);
    const added = await target.app.request("/api/admin/trusted-bundle-keys", json("POST", trust, admin));
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({
      name: "Source instance",
      fingerprint: source.deps.signer.fingerprint,
    });

    const before = Date.now();
    const res = await importIt();
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ imported: 2, files: 2 });
    const list = (await (
      await target.app.request("/api/evidence", { headers: targetOwner.headers })
    ).json()) as {
      createdBy: string | null;
      createdAt: string;
      claim: { by: string | null; at: string | null; source: string } | null;
    }[];
    expect(list).toHaveLength(2);
    for (const e of list) {
      expect(e.createdBy).toBe(targetOwner.id);
      expect(Date.parse(e.createdAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(e.claim?.by).toBe(editor.id);
      expect(Date.parse(e.claim?.at ?? "")).toBeLessThan(before);
      expect(e.claim?.source).toContain(source.deps.signer.fingerprint);
      expect(e.claim?.source).toContain("Source instance");
    }
    const fp = source.deps.signer.fingerprint;
    const removed = await target.app.request(`/api/admin/trusted-bundle-keys/${fp}`, {
      method: "DELETE",
      headers: admin,
    });
    expect(removed.status).toBe(204);
    expect(
      (await target.app.request(`/api/admin/trusted-bundle-keys/${fp}`, { method: "DELETE", headers: admin }))
        .status,
    ).toBe(404);
    expect((await importIt()).status).toBe(422);
    const verify = (await (
      await target.app.request("/api/vault/verify", { method: "POST", headers: targetOwner.headers })
    ).json()) as { ok: boolean };
    expect(verify.ok).toBe(true);
  });

  it("refuses traversal, links, unknown and mismatched entries, writing nothing", async () => {
    const before = await target.db.db.selectFrom("evidence").select("id").execute();
    const cases: {
      name: string;
      entries: { name: string; data: string; mode?: number }[];
      reason: RegExp;
    }[] = [
      {
        name: "slip",
        entries: [{ name: "../../etc/passwd", data: "x" }],
        reason: /traversal|unexpected|invalid relative path/,
      },
      {
        name: "link",
        entries: [{ name: `files/${"a".repeat(64)}`, data: "/etc/passwd", mode: 0o120777 }],
        reason: /link/,
      },
      { name: "nomanifest", entries: [{ name: "index.html", data: "<p>" }], reason: /manifest/ },
      {
        name: "mismatch",
        entries: [
          { name: "manifest.json", data: readManifestWithWrongSize() },
          { name: `files/${"b".repeat(64)}`, data: "not what the name says" },
        ],
        reason: /SHA-256|missing|not listed/,
      },
    ];
    for (const c of cases) {
      const path = join(dir.path, `${c.name}.zip`);
      await zipOf(c.entries, path);
      const res = await target.app.request("/api/evidence-bundles/import?lang=en", {
        method: "POST",
        headers: { ...targetOwner.headers, "content-type": "application/zip" },
        body: new Uint8Array(readFileSync(path)),
      });
      expect(res.status, c.name).toBe(422);
      const body = (await res.json()) as {
        error: { code: string; message: string; details: { message: string }[] };
      };
      expect(body.error.code).toBe("INVALID_BUNDLE");
      expect(body.error.details.map((d) => d.message).join("\n"), c.name).toMatch(c.reason);
    }
    expect(await target.db.db.selectFrom("evidence").select("id").execute()).toEqual(before);
  });

  function readManifestWithWrongSize(): string {
    return JSON.stringify({
      format: "jcstar-evidence-bundle/1",
      evidence: [
        { id: "evd_x", row: {}, file: { path: `files/${"b".repeat(64)}`, sha256: "b".repeat(64), size: 3 } },
      ],
      criteria: [],
    });
  }
});
