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
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  activeLabelKey,
  createDb,
  type Db,
  formatRegistrationNumber,
  type LabelClaim,
  labelTerms,
  loadInstanceKey,
  migrateToLatest,
  newId,
  signLabel,
  validUntilOf,
} from "@jcstar/core";
import pg from "pg";
import { commitId, writeSection } from "../lib/report.ts";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const N = Number(process.argv[2] ?? 100_000);
const SECONDS = Number(process.argv[3] ?? 10);
/** jcstar worker processes (`serve --workers`), as many as nginx's workers by default. */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PG_DB = "jcstar_bench_registry";
const work = mkdtempSync(join(tmpdir(), "jcstar-bench-registry-"));
const MAKERS = ["東都電機", "Kansai Devices", "北海センサー", "Ocean Networks", "中部ホーム", "Kyushu IoT"];
const FORMAT = "JCS-{yyyy}-{seq:6}";

/** N labels signed with the data folder's real label key, inserted in batches (no audit: this is a fixture). */
async function seed(db: Db, dataDir: string, origin: string): Promise<void> {
  await migrateToLatest(db);
  const deps = {
    db,
    now: () => new Date(),
    instanceKey: loadInstanceKey(dataDir, { ...process.env, JCSTAR_INSTANCE_KEY: "" }),
  };
  const key = await activeLabelKey(deps);
  const issued = new Date("2026-04-01T00:00:00Z");
  let batch: Record<string, unknown>[] = [];
  const terms: { term: string; label_id: string }[] = [];
  for (let i = 1; i <= N; i++) {
    const registrationNumber = formatRegistrationNumber(FORMAT, issued, i);
    const validFrom = "2026-04-01";
    const maker = MAKERS[i % MAKERS.length] as string;
    const claim: LabelClaim = {
      registrationNumber,
      starLevel: 1,
      product: `ネットワークカメラ Model ${i}`,
      maker,
      modelNumbers: [`NC-${i}`, `NC-${i}W`],
      validFrom,
      validUntil: validUntilOf(validFrom, 2),
      url: `${origin}/registry/${registrationNumber}`,
      registry: "bench",
      sandbox: true,
    };
    const revoked = i % 997 === 0;
    const id = newId("lbl");
    for (const term of labelTerms(claim)) terms.push({ term, label_id: id });
    batch.push({
      id,
      registration_number: registrationNumber,
      star_level: 1,
      org_id: null,
      product_id: null,
      product_name: claim.product,
      maker_name: maker,
      model_numbers: JSON.stringify(claim.modelNumbers),
      valid_from: validFrom,
      valid_until: claim.validUntil,
      status: revoked ? "revoked" : "valid",
      revoked_at: revoked ? "2026-10-01T00:00:00.000Z" : null,
      revocation_reason: revoked ? "bench" : null,
      application_id: null,
      key_id: key.kid,
      payload: await signLabel(key, claim, origin, issued),
      issued_by: null,
      issued_at: issued.toISOString(),
      version: 1,
    });
    if (batch.length === 500 || i === N) {
      await db
        .insertInto("labels")
        .values(batch as never)
        .execute();
      batch = [];
    }
  }
}

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

type Server = { url: string; stop: () => Promise<void> };

function startJcstar(dataDir: string, databaseUrl: string): Promise<Server> {
  const cli = join(ROOT, "apps/cli/bin/jcstar.js");
  const child = spawn(
    process.execPath,
    [cli, "serve", "--port", "0", "--workers", String(WORKERS), "--data", dataDir],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, JCSTAR_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url)
        resolve({
          url,
          stop: async () => {
            child.kill("SIGTERM");
            await exited;
          },
        });
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
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

type WrkResult = { command: string; rps: number; p50: number; p99: number; requests: number; errors: number };

function ms(value: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  return m[2] === "us" ? n / 1000 : m[2] === "s" ? n * 1000 : n;
}

/** A short unmeasured run first, so that each server is warm (JIT, caches, connection pool). */
async function warm(url: string): Promise<void> {
  await run("wrk", ["-t2", "-c8", "-d2s", url], { maxBuffer: 1 << 20 });
}

async function wrk(url: string, connections = 32, script?: string): Promise<WrkResult> {
  await warm(url);
  const args = [
    "-t2",
    `-c${connections}`,
    `-d${SECONDS}s`,
    "--latency",
    ...(script ? ["-s", script] : []),
    url,
  ];
  const { stdout } = await run("wrk", args, { maxBuffer: 1 << 20 });
  const errors =
    Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0) +
    [...(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout) ?? [])]
      .slice(1)
      .reduce((a, b) => a + Number(b), 0);
  return {
    command: `wrk ${args.join(" ")}`,
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN),
    p50: ms(/\s50%\s+(\S+)/.exec(stdout)?.[1] ?? ""),
    p99: ms(/\s99%\s+(\S+)/.exec(stdout)?.[1] ?? ""),
    requests: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0),
    errors,
  };
}

const sqliteDir = join(work, "sqlite");
const pgDir = join(work, "pg");
const servers: Server[] = [];
try {
  console.log(`seeding ${N} labels into SQLite and PostgreSQL…`);
  const origin = "http://127.0.0.1";
  const lite = await createDb({ dataDir: sqliteDir });
  await seed(lite.db, sqliteDir, origin);
  await lite.close();
  const pgUrl = await freshPgDatabase();
  const remote = await createDb({ url: pgUrl, dataDir: pgDir });
  await seed(remote.db, pgDir, origin);
  await remote.close();

  const sqliteServer = await startJcstar(sqliteDir, "");
  servers.push(sqliteServer);
  const pgServer = await startJcstar(pgDir, pgUrl);
  servers.push(pgServer);
  const number = formatRegistrationNumber(FORMAT, new Date("2026-04-01T00:00:00Z"), Math.floor(N / 2) + 1);
  const page = `/registry/${number}?lang=ja`;
  const html = await (await fetch(`${sqliteServer.url}${page}`)).text();
  if (!html.includes(number)) throw new Error("the label page does not show its registration number");
  const nginx = await startNginx(html);
  servers.push(nginx);

  console.log("wrk: nginx, SQLite, PostgreSQL (label page) …");
  const nginxRun = await wrk(`${nginx.url}/label.html`);
  const sqliteRun = await wrk(`${sqliteServer.url}${page}`);
  const pgRun = await wrk(`${pgServer.url}${page}`);
  console.log("wrk: search API …");
  // Every request searches another model number, so that no answer comes from the page cache.
  const script = join(work, "search.lua");
  writeFileSync(
    script,
    `math.randomseed(os.time())\nrequest = function()\n  return wrk.format("GET", "/api/registry/labels?q=nc-" .. math.random(1, ${N}) .. "w")\nend\n`,
  );
  const search = "/api/registry/labels?q=nc-{random 1…N}w";
  const sqliteSearch = await wrk(`${sqliteServer.url}/api/registry/labels`, 8, script);
  const pgSearch = await wrk(`${pgServer.url}/api/registry/labels`, 8, script);

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
