/**
 * Benchmark (outside CI): the public label registry. Seeds N labels (default 100,000) into a SQLite data folder
 * and a fresh PostgreSQL database, starts `jcstar serve` on each, and in one run measures with `wrk`:
 * a label page on SQLite, on PostgreSQL and — as the yardstick — nginx (2 workers, access log off) serving a
 * static copy of the same page; then the p99 latency of the search API on both. Writes docs/benchmarks.md
 * (section bench:registry).
 *
 *   npx tsx bench/registry/run.ts [labels=100000] [seconds=10]
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres (an admin connection; a database
 *   jcstar_bench_registry is dropped and created)
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, formatRegistrationNumber } from "@jcstar/core";
import pg from "pg";
import {
  freePort,
  LABEL_FORMAT,
  type Server,
  seedLabels,
  startJcstar,
  type WrkResult,
  wrk,
} from "../lib/registry-fixture.ts";
import { commitId, writeSection } from "../lib/report.ts";

const ROOT = join(import.meta.dirname, "../..");
const N = Number(process.argv[2] ?? 100_000);
const SECONDS = Number(process.argv[3] ?? 10);
/** jcstar worker processes (`serve --workers`), as many as nginx's workers by default. */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PG_DB = "jcstar_bench_registry";
const work = mkdtempSync(join(tmpdir(), "jcstar-bench-registry-"));

async function freshPgDatabase(): Promise<string> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${PG_DB}`);
  await client.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${PG_DB}`;
  return url.toString();
}

async function startNginx(html: string): Promise<Server> {
  const prefix = join(work, "nginx");
  mkdirSync(join(prefix, "root"), { recursive: true });
  mkdirSync(join(prefix, "logs"), { recursive: true });
  writeFileSync(join(prefix, "root", "label.html"), html);
  const port = await freePort();
  const conf = join(prefix, "nginx.conf");
  writeFileSync(
    conf,
    `worker_processes 2;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log;
user root;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/tmp;
  default_type text/html;
  server {
    listen 127.0.0.1:${port};
    root ${prefix}/root;
    add_header Cache-Control "public, max-age=60";
  }
}
`,
  );
  mkdirSync(join(prefix, "tmp"), { recursive: true });
  const child = spawn("nginx", ["-c", conf, "-p", prefix, "-g", "daemon off;"], { stdio: "inherit" });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(`${url}/label.html`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGQUIT");
      await exited;
    },
  };
}

const sqliteDir = join(work, "sqlite");
const pgDir = join(work, "pg");
const servers: Server[] = [];
try {
  console.log(`seeding ${N} labels into SQLite and PostgreSQL…`);
  const origin = "http://127.0.0.1";
  const lite = await createDb({ dataDir: sqliteDir });
  await seedLabels(lite.db, sqliteDir, origin, N);
  await lite.close();
  const pgUrl = await freshPgDatabase();
  const remote = await createDb({ url: pgUrl, dataDir: pgDir });
  await seedLabels(remote.db, pgDir, origin, N);
  await remote.close();

  const sqliteServer = await startJcstar(sqliteDir, "", WORKERS);
  servers.push(sqliteServer);
  const pgServer = await startJcstar(pgDir, pgUrl, WORKERS);
  servers.push(pgServer);
  const number = formatRegistrationNumber(
    LABEL_FORMAT,
    new Date("2026-04-01T00:00:00Z"),
    Math.floor(N / 2) + 1,
  );
  const page = `/registry/${number}?lang=ja`;
  const html = await (await fetch(`${sqliteServer.url}${page}`)).text();
  if (!html.includes(number)) throw new Error("the label page does not show its registration number");
  const nginx = await startNginx(html);
  servers.push(nginx);

  console.log("wrk: nginx, SQLite, PostgreSQL (label page) …");
  const nginxRun = await wrk(`${nginx.url}/label.html`, SECONDS);
  const sqliteRun = await wrk(`${sqliteServer.url}${page}`, SECONDS);
  const pgRun = await wrk(`${pgServer.url}${page}`, SECONDS);
  console.log("wrk: search API …");
  // Every request searches another model number, so that no answer comes from the page cache.
  const script = join(work, "search.lua");
  writeFileSync(
    script,
    `math.randomseed(os.time())\nrequest = function()\n  return wrk.format("GET", "/api/registry/labels?q=nc-" .. math.random(1, ${N}) .. "w")\nend\n`,
  );
  const search = "/api/registry/labels?q=nc-{random 1…N}w";
  const sqliteSearch = await wrk(`${sqliteServer.url}/api/registry/labels`, SECONDS, 8, script);
  const pgSearch = await wrk(`${pgServer.url}/api/registry/labels`, SECONDS, 8, script);

  const ratio = (r: WrkResult) => r.rps / nginxRun.rps;
  const verdict = (r: WrkResult) =>
    ratio(r) >= 0.25 && r.p99 < 50 && r.errors === 0 ? "met / 達成" : "not met / 未達";
  const line = (name: string, r: WrkResult) =>
    `| ${name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.requests} | ${r.errors} |`;
  const body = `## Public label registry / 公開ラベル登録簿（${N.toLocaleString("en")} labels / 件）

| | |
|---|---|
| commit | ${commitId()} |
| date / 日時 | ${new Date().toISOString()} |
| machine / 環境 | ${cpus().length} CPU, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} at the end / 終了時の負荷 (shared, loaded machine / 他の処理と共用), Node ${process.version} |
| script | \`npx tsx bench/registry/run.ts ${N} ${SECONDS}\` |
| jcstar | \`node apps/cli/bin/jcstar.js serve --port 0 --workers ${WORKERS} --data DIR\` (SQLite; PostgreSQL with DATABASE_URL), run one after the other |
| nginx | 2 workers, \`access_log off\`, static copy of the same page (${html.length} bytes) |
| label page | \`${nginxRun.command}\` / \`GET ${page}\` on each jcstar |
| search API | \`GET ${search}\` — a random model number per request (\`wrk -t2 -c8 -d${SECONDS}s --latency -s search.lua\`), past the page cache |

| label page / ラベルページ | req/s | p50 ms | p99 ms | requests | errors |
|---|---|---|---|---|---|
${line("nginx (static copy)", nginxRun)}
${line("jcstar SQLite", sqliteRun)}
${line("jcstar PostgreSQL", pgRun)}

| ratio to nginx / nginx 比 | |
|---|---|
| SQLite | **${ratio(sqliteRun).toFixed(2)}×** — ${verdict(sqliteRun)} (goal ≥ 0.25×, p99 < 50 ms, no errors / 目標) |
| PostgreSQL | **${ratio(pgRun).toFixed(2)}×** — ${verdict(pgRun)} |
| note / 注 | ${WORKERS} jcstar worker process(es) against two nginx workers on a 2-CPU machine shared with wrk / jcstar ${WORKERS} ワーカー、nginx 2 ワーカー |

| search API / 検索 API | req/s | p50 ms | p99 ms | requests | errors |
|---|---|---|---|---|---|
${line("jcstar SQLite", sqliteSearch)}
${line("jcstar PostgreSQL", pgSearch)}
`;
  writeSection(join(ROOT, "docs/benchmarks.md"), "registry", body);
  console.log(body);
} finally {
  for (const s of servers.reverse()) await s.stop().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}
