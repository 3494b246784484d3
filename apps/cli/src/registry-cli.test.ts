import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createDb, issueLabel, loadInstanceKey, migrateToLatest } from "@jcstar/core";
import { tempDir } from "@jcstar/testkit";
import { afterAll, describe, expect, it } from "vitest";

const BIN = resolve(import.meta.dirname, "../bin/jcstar.js");

describe("jcstar registry export", () => {
  const data = tempDir("jcstar-cli-data-");
  const out = tempDir("jcstar-cli-export-");
  const env = {
    ...process.env,
    JCSTAR_DATA_DIR: data.path,
    DATABASE_URL: "",
    JCSTAR_PUBLIC_URL: "https://r.example",
  };
  afterAll(() => {
    data.cleanup();
    out.cleanup();
  });

  const exportOnce = () =>
    new Promise<{ written: string[]; deleted: string[] }>((done, fail) => {
      execFile(
        process.execPath,
        [BIN, "registry", "export", out.path, "--json"],
        { encoding: "utf8", timeout: 120_000, env },
        (error, stdout, stderr) =>
          error ? fail(new Error(`${error.message}\n${stderr}`)) : done(JSON.parse(stdout)),
      );
    });

  it("writes the registry of the data folder, then only what changed", async () => {
    const handle = await createDb({ dataDir: data.path });
    await migrateToLatest(handle.db);
    const deps = {
      db: handle.db,
      now: () => new Date(),
      instanceKey: loadInstanceKey(data.path, env),
      publicUrl: "https://r.example",
    };
    const label = await issueLabel(deps, { id: null, name: "op" }, { product: "Camera", maker: "Maker" });
    await handle.close();
    const first = await exportOnce();
    expect(first.written).toContain(`registry/${label.registrationNumber}.ja.html`);
    expect(
      readFileSync(join(out.path, `api/registry/labels/${label.registrationNumber}/label.json`), "utf8"),
    ).toContain('"product":"Camera"');
    expect(await exportOnce()).toEqual(expect.objectContaining({ written: [], deleted: [] }));
  });
});
