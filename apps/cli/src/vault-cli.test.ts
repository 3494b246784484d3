import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { createApiToken, createDb, createUser, migrateToLatest } from "@jcstar/core";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, startServe } from "./serve.testing.ts";

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 120_000,
  });

async function seedToken(data: string): Promise<string> {
  const handle = await createDb({ dataDir: data });
  await migrateToLatest(handle.db);
  const { createOrganisation } = await import("@jcstar/core");
  const org = await createOrganisation(handle.db, "Maker", new Date());
  const user = await createUser(
    handle.db,
    { email: "e@example.jp", name: "E", password: "a long upload passphrase", orgId: org.id, role: "owner" },
    new Date(),
  );
  const token = await createApiToken(handle.db, user.id, { name: "cli" }, new Date());
  await handle.close();
  return token.token;
}

describe("vault from the command line", () => {
  const dirs: { cleanup: () => void }[] = [];
  afterAll(() => {
    for (const d of dirs) d.cleanup();
  });

  it("survives SIGKILL during concurrent uploads: no partial file, no record without its file, verify clean", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const data = join(dir.path, "data");
    const token = await seedToken(data);
    const server = await startServe(data);
    const { port } = new URL(server.url);
    const started: Promise<void>[] = [];
    const sentSome: Promise<void>[] = [];
    for (let i = 0; i < 4; i++) {
      let markSent: () => void = () => {};
      sentSome.push(
        new Promise((r) => {
          markSent = r;
        }),
      );
      started.push(
        new Promise((done) => {
          const req = request({
            host: "127.0.0.1",
            port: Number(port),
            method: "POST",
            path: `/api/evidence/files?kind=log&fileName=part${i}.log`,
            headers: {
              authorization: `Bearer ${token}`,
              "content-type": "application/octet-stream",
              "content-length": String(4 * 1024 * 1024),
            },
          });
          req.on("error", () => done());
          req.on("response", () => done());
          // Half of the announced bytes, then stall: the server is killed mid-upload.
          req.write(Buffer.alloc(2 * 1024 * 1024, 65 + i), () => markSent());
        }),
      );
    }
    await Promise.all(sentSome);
    await new Promise((r) => setTimeout(r, 500));
    server.child.kill("SIGKILL");
    await Promise.all(started);
    await new Promise((r) => server.child.once("exit", r));

    const again = await startServe(data);
    again.child.kill("SIGTERM");
    await new Promise((r) => again.child.once("exit", r));
    const tmp = join(data, "tmp");
    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
    const blobsDir = join(data, "blobs");
    expect(existsSync(blobsDir) ? readdirSync(blobsDir) : []).toEqual([]);
    const verify = cli(["evidence", "verify", "--data", data]);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  }, 180_000);

  it("uploads with `evidence add`, backs up while serving, restores, and the restored copy verifies", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const data = join(dir.path, "data");
    const token = await seedToken(data);
    const server = await startServe(data);
    try {
      const file = join(dir.path, "nmap.txt");
      writeFileSync(file, "PORT STATE SERVICE\n8443/tcp open https\n");
      const added = cli([
        "evidence",
        "add",
        "--server",
        server.url,
        "--token",
        token,
        "--kind",
        "log",
        "--summary",
        "port scan",
        file,
      ]);
      expect(added.status, added.stderr).toBe(0);
      expect(added.stdout).toMatch(/^evd_\S+\s+sha256:[0-9a-f]{64}/);
      const backup = cli(["backup", "--data", data, "--out", join(dir.path, "backup.zip")]);
      expect(backup.status, backup.stderr).toBe(0);
    } finally {
      server.child.kill("SIGTERM");
      await new Promise((r) => server.child.once("exit", r));
    }
    const restored = join(dir.path, "restored");
    const restore = cli(["restore", "--data", restored, join(dir.path, "backup.zip")]);
    expect(restore.status, restore.stderr).toBe(0);
    const verify = cli(["evidence", "verify", "--data", restored, "--json"]);
    expect(verify.status, verify.stdout).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, evidence: 1, files: 1 });
    const twice = cli(["restore", "--data", restored, join(dir.path, "backup.zip")]);
    expect(twice.status).not.toBe(0);
  }, 180_000);
});
