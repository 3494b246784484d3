/**
 * Benchmark (outside CI): evidence ingest. One file of N MiB of random data; in one run, `sha256sum FILE` and an
 * HTTP upload of the same file through POST /api/evidence/files (streamed from disk) to a real server in a child
 * process (`jcstar serve`), whose resident memory is sampled every 50 ms (and VmHWM read at the end).
 * Checks that the server's SHA-256 equals sha256sum's and writes docs/benchmarks.md (section bench:evidence-ingest).
 *
 *   npx tsx bench/evidence-ingest/run.ts [sizeMiB=1024]
 */
import { execFile, spawn } from "node:child_process";
import { randomBytes, randomFillSync } from "node:crypto";
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  createApiToken,
  createDb,
  createOrganisation,
  createUser,
  loadConfig,
  migrateToLatest,
} from "@jcstar/core";
import { commitId, writeSection } from "../lib/report.ts";

const ROOT = join(import.meta.dirname, "../..");
const sizeMiB = Number(process.argv[2] ?? 1024);
if (!Number.isInteger(sizeMiB) || sizeMiB < 1) throw new Error("sizeMiB must be a positive integer");
const MiB = 1024 * 1024;

const work = mkdtempSync(join(tmpdir(), "jcstar-bench-ingest-"));
const dataDir = join(work, "data");
const file = join(work, "evidence.bin");

/** A user, an organisation and a write API token, made directly in the data folder before the server starts. */
async function prepareAccount(): Promise<string> {
  const config = loadConfig({ ...process.env, DATABASE_URL: "" }, { dataDir });
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    const now = new Date();
    const org = await createOrganisation(handle.db, "Bench 株式会社", now);
    const user = await createUser(
      handle.db,
      {
        email: "bench@example.jp",
        name: "Bench",
        password: randomBytes(24).toString("base64url"),
        instanceRole: "none",
        orgId: org.id,
        role: "owner",
      },
      now,
    );
    return (await createApiToken(handle.db, user.id, { name: "bench", scope: "write" }, now)).token;
  } finally {
    await handle.close();
  }
}

function writeRandomFile(): void {
  const fd = openSync(file, "w");
  const chunk = Buffer.alloc(4 * MiB);
  for (let written = 0; written < sizeMiB * MiB; written += chunk.length)
    writeSync(fd, randomFillSync(chunk));
  closeSync(fd);
}

function sha256sum(): Promise<{ seconds: number; hash: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) =>
    execFile("sha256sum", [file], (error, stdout) => {
      if (error) return reject(error);
      resolve({ seconds: (performance.now() - started) / 1000, hash: stdout.split(" ")[0] ?? "" });
    }),
  );
}

type Server = { url: string; pid: number; stop: () => void };

let stopped: Promise<void> = Promise.resolve();

function startServerProcess(): Promise<Server> {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the server (written when it stops).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const cli = join(ROOT, "apps/cli/bin/jcstar.js");
  const child = spawn(process.execPath, [...nodeArgs, cli, "serve", "--port", "0", "--data", dataDir], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: "", JCSTAR_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "inherit"],
  });
  stopped = new Promise((resolve) => child.on("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url && child.pid) resolve({ url, pid: child.pid, stop: () => child.kill("SIGTERM") });
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kib("VmRSS") * 1024, hwm: kib("VmHWM") * 1024 };
}

function upload(server: Server, token: string): Promise<{ seconds: number; status: number; body: string }> {
  const url = new URL("/api/evidence/files?kind=other&fileName=evidence.bin&summary=bench", server.url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/octet-stream",
        "content-length": String(sizeMiB * MiB),
      },
    });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (d: Buffer) => {
        body += d.toString();
      });
      res.on("end", () =>
        resolve({ seconds: (performance.now() - started) / 1000, status: res.statusCode ?? 0, body }),
      );
    });
    req.on("error", reject);
    createReadStream(file, { highWaterMark: MiB }).pipe(req);
  });
}

const token = await prepareAccount();
writeRandomFile();
const server = await startServerProcess();
try {
  const idle = memory(server.pid);
  const sum = await sha256sum();
  let peakRss = idle.rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, memory(server.pid).rss);
  }, 50);
  const sent = await upload(server, token);
  clearInterval(sampler);
  const after = memory(server.pid);
  peakRss = Math.max(peakRss, after.rss);
  if (sent.status !== 201) throw new Error(`upload answered ${sent.status}: ${sent.body}`);
  const evidence = JSON.parse(sent.body) as { file: { sha256: string; size: number } };
  const same = evidence.file.sha256 === sum.hash && evidence.file.size === sizeMiB * MiB;

  const mibs = (s: number) => (sizeMiB / s).toFixed(0);
  const ratio = sum.seconds / sent.seconds;
  const peakMiB = peakRss / MiB;
  const lines = [
    `## Evidence ingest / 証跡ファイルの取り込み（${sizeMiB} MiB random data / ランダムデータ）`,
    "",
    "| | |",
    "|---|---|",
    `| commit | ${commitId()} |`,
    `| date / 日時 | ${new Date().toISOString()} |`,
    `| machine / 環境 | ${cpus().length} CPU, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        " ",
      )} at the end / 終了時の負荷 (shared, loaded machine / 他の処理と共用), Node ${process.version}, data folder on ${tmpdir()} |`,
    `| jcstar | \`POST /api/evidence/files\` with the file streamed from disk (\`http.request\`, API token) to \`node apps/cli/bin/jcstar.js serve --port 0 --data DIR\` (SQLite; \`npx tsx bench/evidence-ingest/run.ts ${sizeMiB}\`) |`,
    "| sha256sum | `sha256sum FILE` (same file, in the page cache) |",
    `| sha256sum | ${sum.seconds.toFixed(2)} s (${mibs(sum.seconds)} MiB/s) |`,
    `| upload / アップロード | ${sent.seconds.toFixed(2)} s (${mibs(sent.seconds)} MiB/s) — receive, SHA-256, media type, write + fsync, record |`,
    `| throughput ratio upload / sha256sum | **${ratio.toFixed(2)}×** (goal ≥ 0.7× / 目標 0.7 倍以上) ${ratio >= 0.7 ? "met / 達成" : "not met / 未達"} |`,
    `| server RSS / サーバーのメモリ | idle ${(idle.rss / MiB).toFixed(0)} MiB, peak during upload ${peakMiB.toFixed(0)} MiB (+${((peakRss - idle.rss) / MiB).toFixed(0)} MiB; sampled every 50 ms), VmHWM ${(after.hwm / MiB).toFixed(0)} MiB (goal < 200 MiB / 目標 200 MiB 未満) ${Math.max(peakMiB, after.hwm / MiB) < 200 ? "met / 達成" : "not met / 未達"} |`,
    `| same SHA-256 and size / ハッシュ・サイズ一致 | ${same ? "yes / 一致" : `NO: server ${evidence.file.sha256} ${evidence.file.size}, sha256sum ${sum.hash}`} |`,
  ];
  writeSection(join(ROOT, "docs/benchmarks.md"), "evidence-ingest", lines.join("\n"));
  console.log(lines.join("\n"));
  if (!same) process.exitCode = 1;
} finally {
  server.stop();
  await Promise.race([stopped, new Promise((r) => setTimeout(r, 10_000))]);
  rmSync(work, { recursive: true, force: true });
}
