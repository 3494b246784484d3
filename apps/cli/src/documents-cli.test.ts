import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  createApiToken,
  createAssessment,
  createOrganisation,
  createProduct,
  createUser,
  loadConfig,
} from "@jcstar/core";
import { startServer } from "@jcstar/server";
import { tempDir } from "@jcstar/testkit";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";

const BIN = resolve(import.meta.dirname, "../bin/jcstar.js");
const run = (args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });

/** The CLI run asynchronously (the server answering it lives in this process). */
function runAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("exit", (status) => res({ status, stdout, stderr }));
  });
}

describe("jcstar security-txt check and checklist", () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it("accepts a valid security.txt and names each problem of a broken one (exit 1)", () => {
    const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
    const good = join(dir.path, "good.txt");
    writeFileSync(
      good,
      `Contact: mailto:psirt@example.jp\nExpires: ${expires}\nPreferred-Languages: ja, en\n`,
    );
    const ok = run(["security-txt", "check", good]);
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim()).toBe("ok");
    const bad = join(dir.path, "bad.txt");
    writeFileSync(bad, "Contact: http://example.jp/\nExpires: 2099-01-01T00:00:00Z\n");
    const refused = run(["security-txt", "check", bad]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("line 1:");
    expect(refused.stderr).toContain("Contact must be a mailto:, https: or tel: URI.");
    expect(refused.stderr).toContain("Expires must be less than a year ahead.");
  });

  it("downloads the checklist workbook from a server", async () => {
    const data = join(dir.path, "data");
    const server = await startServer(
      loadConfig({ ...process.env, JCSTAR_DATA_DIR: data, DATABASE_URL: "" }, { port: 0, dataDir: data }),
    );
    try {
      const { db } = server.deps;
      const org = await createOrganisation(db, "株式会社CLI", new Date());
      const user = await createUser(
        db,
        {
          email: "cli@example.jp",
          name: "CLI",
          password: "Correct horse battery 9",
          instanceRole: "none",
          orgId: org.id,
          role: "editor",
        },
        new Date(),
      );
      const token = await createApiToken(db, user.id, { name: "cli", scope: "write" }, new Date());
      const ctx = { orgId: org.id, actor: { id: user.id, name: "CLI" }, lang: "ja" as const };
      const product = await createProduct(server.deps, ctx, { name: "CLI カメラ", category: "camera" });
      await createAssessment(server.deps, ctx, product.id);
      const out = join(dir.path, "checklist.xlsx");
      const args = ["--server", server.url, "--token", token.token, "--product", product.id, "-o", out];
      const result = await runAsync(["checklist", "download", ...args]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
      expect(wb.worksheets[0]?.getCell("C2").text).toBe("株式会社CLI");
      const missing = await runAsync([
        "checklist",
        "download",
        ...args.slice(0, 4),
        "--product",
        "nope",
        "-o",
        out,
      ]);
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain("404 NOT_FOUND");
    } finally {
      await server.close();
    }
  }, 120_000);
});
