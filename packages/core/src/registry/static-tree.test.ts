import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@jcstar/testkit";
import { afterEach, describe, expect, it } from "vitest";
import {
  assertTreePath,
  readTreeManifest,
  type StaticFile,
  TREE_MANIFEST,
  writeStaticTree,
} from "./static-tree.ts";

const file = (path: string, body: string, extra: Partial<StaticFile> = {}): StaticFile => ({
  path,
  render: async () => body,
  ...extra,
});

describe("writeStaticTree", () => {
  const dirs: { cleanup: () => void }[] = [];
  const dir = () => {
    const d = tempDir("jcstar-tree-");
    dirs.push(d);
    return d.path;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) d.cleanup();
  });

  it("refuses paths that leave the tree or touch its own files", () => {
    for (const bad of [
      "../x",
      "/etc/passwd",
      "a/../../b",
      "a//b",
      "",
      ".jcstar-export.json",
      "a/b.tmp-1",
      "a\\b",
      "a b",
    ])
      expect(() => assertTreePath(bad), bad).toThrow(/unsafe path/);
    for (const good of [
      ".well-known/jwks.json",
      "registry/JCS-2026-000001.ja.html",
      "api/registry/status-list",
    ])
      expect(() => assertTreePath(good)).not.toThrow();
  });

  it("writes, keeps unchanged files untouched, rewrites changed ones and deletes vanished ones", async () => {
    const d = dir();
    const now = () => new Date("2026-12-01T00:00:00Z");
    expect((await writeStaticTree(d, [file("a/x.txt", "1"), file("b.txt", "2")], now)).written).toEqual([
      "a/x.txt",
      "b.txt",
    ]);
    const mtime = statSync(join(d, "a/x.txt")).mtimeMs;
    const second = await writeStaticTree(d, [file("a/x.txt", "1"), file("c.txt", "3")], now);
    expect(second).toEqual({ written: ["c.txt"], deleted: ["b.txt"], unchanged: 1 });
    expect(statSync(join(d, "a/x.txt")).mtimeMs).toBe(mtime);
    expect(existsSync(join(d, "b.txt"))).toBe(false);
    expect(readdirSync(d).sort()).toEqual([TREE_MANIFEST, "a", "c.txt"].sort());
    // A file changed behind the export's back (other size) is written again.
    writeFileSync(join(d, "c.txt"), "tampered");
    expect((await writeStaticTree(d, [file("a/x.txt", "1"), file("c.txt", "3")], now)).written).toEqual([
      "c.txt",
    ]);
    expect(readFileSync(join(d, "c.txt"), "utf8")).toBe("3");
  });

  it("skips rendering for an unchanged source until the kept file is older than maxAgeMs", async () => {
    const d = dir();
    let renders = 0;
    let clock = Date.parse("2026-12-01T00:00:00Z");
    const now = () => new Date(clock);
    const signed = () =>
      file("status", "", {
        source: "s1",
        maxAgeMs: 60_000,
        render: async () => `signed-${++renders}`,
      });
    await writeStaticTree(d, [signed()], now);
    clock += 30_000;
    expect((await writeStaticTree(d, [signed()], now)).written).toEqual([]);
    expect(renders).toBe(1);
    clock += 31_000;
    expect((await writeStaticTree(d, [signed()], now)).written).toEqual(["status"]);
    expect(readFileSync(join(d, "status"), "utf8")).toBe("signed-2");
    expect(readTreeManifest(d).files.status?.source).toBe("s1");
  });

  it("replaces files one by one: a failure half-way leaves whole files and no temp file", async () => {
    const d = dir();
    const now = () => new Date();
    await writeStaticTree(d, [file("a.txt", "old"), file("b.txt", "old")], now);
    const failing = file("b.txt", "", {
      render: async () => {
        throw new Error("database down");
      },
    });
    await expect(writeStaticTree(d, [file("a.txt", "new"), failing], now)).rejects.toThrow("database down");
    expect(readFileSync(join(d, "b.txt"), "utf8")).toBe("old");
    expect(readdirSync(d).filter((f) => f.includes(".tmp-"))).toEqual([]);
    // The lock was released: the next export runs (the failed one wrote no manifest, so it checks every file).
    const next = await writeStaticTree(d, [file("a.txt", "new"), file("b.txt", "new")], now);
    expect(next.written).toContain("b.txt");
    expect(readFileSync(join(d, "b.txt"), "utf8")).toBe("new");
  });
});
