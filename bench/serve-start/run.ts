/**
 * Benchmark (outside CI), whole process: `jcstar serve --port 0` (one process, SQLite, a fresh data folder
 * each round, so migrations run as on a first start) — time from spawn to the first 200 from /api/health,
 * and the server's resident memory when idle (VmRSS 3 s after that answer, with VmHWM, from /proc). Writes
 * docs/benchmarks.md (section bench:serve-start).
 *
 *   npx tsx bench/serve-start/run.ts [rounds=5]
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JCSTAR, loadNow, machine, raw, spread, verdict } from "../lib/process-timing.ts";
import { commitId, median, writeSection } from "../lib/report.ts";

const rounds = Number(process.argv[2] ?? 5);
execFileSync(process.execPath, [join(import.meta.dirname, "../../apps/cli/scripts/build.mjs")], {
  stdio: "inherit",
});

function procKiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
}

/** Resolves with the URL once the server printed it; polls /api/health until 200 (bounded). */
async function firstHealth(child: ChildProcess, started: number): Promise<number> {
  let out = "";
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no start:\n${out}`)), 60_000);
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const found = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (found) {
        clearTimeout(timer);
        ok(found);
      }
    });
    child.on("exit", (code) => fail(new Error(`exited ${code}:\n${out}`)));
  });
  for (let i = 0; i < 6000; i++) {
    const res = await fetch(`${url}/api/health`).catch(() => null);
    if (res?.status === 200) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("no health answer");
}

const startLoad = loadNow();
const health: number[] = [];
const idle: number[] = [];
const hwm: number[] = [];
for (let round = 1; round <= rounds; round++) {
  const data = mkdtempSync(join(tmpdir(), "jcstar-bench-serve-"));
  const started = performance.now();
  const child = spawn(process.execPath, [JCSTAR, "serve", "--port", "0", "--data", data], {
    env: { ...process.env, DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    health.push(await firstHealth(child, started));
    await new Promise((r) => setTimeout(r, 3000));
    const pid = child.pid ?? 0;
    idle.push(procKiB(pid, "VmRSS") / 1024);
    hwm.push(procKiB(pid, "VmHWM") / 1024);
    console.error(
      `round ${round}: health ${health.at(-1)?.toFixed(0)} ms, idle ${idle.at(-1)?.toFixed(0)} MiB`,
    );
  } finally {
    await new Promise((r) => {
      child.once("exit", r);
      child.kill("SIGTERM");
    });
    rmSync(data, { recursive: true, force: true });
  }
}
const body = `## Server start and idle memory / サーバーの起動とアイドル時のメモリ（whole process / プロセス全体）

| | |
|---|---|
| commit | ${commitId()} |
| date / 日時 | ${new Date().toISOString()} |
| machine / 環境 | ${machine(startLoad)} |
| script | \`npx tsx bench/serve-start/run.ts ${rounds}\` |
| command | \`node apps/cli/bin/jcstar.js serve --port 0 --data DIR\` (one process, SQLite, new data folder each round: migrations run) |
| spawn → first 200 from /api/health, ms min / median / max | ${spread(health)} (${raw(health)}) |
| goal < 1 s / 目標 | ${verdict(median(health), 1000, " ms")} |
| idle VmRSS 3 s later, MiB min / median / max | ${spread(idle)} (${raw(idle)}) |
| VmHWM (peak) MiB min / median / max | ${spread(hwm)} |
| goal idle RSS < 100 MiB / 目標 | ${verdict(median(idle), 100, " MiB")} |
`;
writeSection(join(import.meta.dirname, "../../docs/benchmarks.md"), "serve-start", body);
console.log(body);
