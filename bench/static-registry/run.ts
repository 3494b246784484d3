/**
 * Benchmark (outside CI): the static registry (docs/static-registry.md). Seeds N labels (default 10,000) into a
 * SQLite data folder, exports it with `jcstar registry export` — in full, again with nothing changed, and after one
 * revocation — then serves the export with nginx and the shipped deploy/nginx/registry.conf (2 workers) and
 * measures the same label page on nginx and on `jcstar serve --workers 2` with wrk, A B A B. Writes
 * docs/benchmarks.md (section bench:static-registry).
 *
 *   npx tsx bench/static-registry/run.ts [labels=10000] [seconds=10]
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createDb, formatRegistrationNumber } from "@jcstar/core";
import { startRegistryNginx } from "../../apps/server/src/registry-export/nginx.testing.ts";
import {
  LABEL_FORMAT,
  type Server,
  seedLabels,
  startJcstar,
  type WrkResult,
  wrk,
} from "../lib/registry-fixture.ts";
import { commitId, writeSection } from "../lib/report.ts";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const N = Number(process.argv[2] ?? 10_000);
const SECONDS = Number(process.argv[3] ?? 10);
const WORKERS = 2;
const ORIGIN = "http://127.0.0.1";
const work = mkdtempSync(join(tmpdir(), "jcstar-bench-static-"));
const dataDir = join(work, "data");
const out = join(work, "export");
const env = { ...process.env, JCSTAR_PUBLIC_URL: ORIGIN, JCSTAR_DATA_DIR: dataDir, DATABASE_URL: "" };

type ExportRun = { durationMs: number; written: number; deleted: number; unchanged: number; wallMs: number };

async function exportOnce(): Promise<ExportRun> {
  const cli = join(ROOT, "apps/cli/bin/jcstar.js");
  const started = Date.now();
  const { stdout } = await run(process.execPath, [cli, "registry", "export", out, "--json"], {
    cwd: ROOT,
    env,
    maxBuffer: 1 << 30,
  });
  const r = JSON.parse(stdout) as {
    durationMs: number;
    written: string[];
    deleted: string[];
    unchanged: number;
  };
  return {
    durationMs: r.durationMs,
    written: r.written.length,
    deleted: r.deleted.length,
    unchanged: r.unchanged,
    wallMs: Date.now() - started,
  };
}

const servers: Server[] = [];
try {
  console.log(`seeding ${N} labels…`);
  const handle = await createDb({ dataDir });
  await seedLabels(handle.db, dataDir, ORIGIN, N);
  const middle = formatRegistrationNumber(
    LABEL_FORMAT,
    new Date("2026-04-01T00:00:00Z"),
    Math.floor(N / 2) + 1,
  );
  console.log("export: full, unchanged, after one revocation…");
  const full = await exportOnce();
  const same = await exportOnce();
  await handle.db
    .updateTable("labels")
    .set((eb) => ({
      status: "revoked",
      revoked_at: new Date().toISOString(),
      revocation_reason: "bench",
      version: eb("version", "+", 1),
    }))
    .where("registration_number", "=", middle)
    .execute();
  await handle.close();
  const one = await exportOnce();

  const app = await startJcstar(dataDir, "", WORKERS, { JCSTAR_PUBLIC_URL: ORIGIN });
  servers.push(app);
  const nginx = await startRegistryNginx(out, { workers: 2 });
  servers.push(nginx);
  const page = `/registry/${middle}?lang=ja`;
  const [a, b] = await Promise.all([fetch(`${nginx.url}${page}`), fetch(`${app.url}${page}`)]);
  const [bodyA, bodyB] = [await a.text(), await b.text()];
  if (bodyA !== bodyB || !bodyA.includes('data-status="revoked"'))
    throw new Error("nginx and the app do not serve the same, revoked label page");

  console.log("wrk: nginx, jcstar, nginx, jcstar (label page) …");
  const rounds: { name: string; r: WrkResult }[] = [];
  for (const round of [1, 2]) {
    rounds.push({ name: `nginx (export) #${round}`, r: await wrk(`${nginx.url}${page}`, SECONDS) });
    rounds.push({ name: `jcstar #${round}`, r: await wrk(`${app.url}${page}`, SECONDS) });
  }
  const mean = (prefix: string) => {
    const picked = rounds.filter((x) => x.name.startsWith(prefix));
    return picked.reduce((sum, x) => sum + x.r.rps, 0) / picked.length;
  };
  const ratio = mean("jcstar") / mean("nginx");
  const line = ({ name, r }: { name: string; r: WrkResult }) =>
    `| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.requests} | ${r.errors} |`;
  const exportLine = (name: string, e: ExportRun) =>
    `| ${name} | ${e.durationMs} | ${e.wallMs} | ${e.written} | ${e.deleted} | ${e.unchanged} |`;
  const body = `## Static registry / 静的な公開登録簿（${N.toLocaleString("en")} labels / 件）

| | |
|---|---|
| commit | ${commitId()} |
| date / 日時 | ${new Date().toISOString()} |
| machine / 環境 | ${cpus().length} CPU, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} at the end / 終了時の負荷 (shared machine / 共用), Node ${process.version} |
| script | \`npx tsx bench/static-registry/run.ts ${N} ${SECONDS}\` |
| export | \`node apps/cli/bin/jcstar.js registry export DIR --json\` (SQLite, JCSTAR_PUBLIC_URL=${ORIGIN}) |
| nginx | \`deploy/nginx/registry.conf\` (only listen/root edited), 2 workers, \`access_log off\`, serving the export |
| jcstar | \`node apps/cli/bin/jcstar.js serve --port 0 --workers ${WORKERS} --data DIR\` (SQLite, same data) |
| label page | \`GET ${page}\` (the revoked label; same body on both, checked), \`${rounds[0]?.r.command}\`, A B A B |

| export / 書き出し | ms (in process) | ms (wall, with start) | written | deleted | unchanged |
|---|---|---|---|---|---|
${exportLine("full / 全件", full)}
${exportLine("nothing changed / 変更なし", same)}
${exportLine("one revocation / 失効 1 件", one)}

| label page / ラベルページ | req/s | p50 ms | p99 ms | requests | errors |
|---|---|---|---|---|---|
${rounds.map(line).join("\n")}

| ratio / 比 | |
|---|---|
| jcstar / nginx (mean req/s of the two rounds) | **${ratio.toFixed(2)}×** — nginx serves the exported page at ${(1 / ratio).toFixed(1)}× the app's rate |
`;
  writeSection(join(ROOT, "docs/benchmarks.md"), "static-registry", body);
  console.log(body);
} finally {
  for (const s of servers.reverse()) await s.stop().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}
