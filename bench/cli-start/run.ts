/**
 * Benchmark (outside CI), whole processes as a user meets them: `jcstar --version` against `nmap --version`
 * (A B A B), and `jcstar criteria --json` on its own; wall time from spawn to exit and peak RSS from
 * `/usr/bin/time -v`. Writes docs/benchmarks.md (section bench:cli-start).
 *
 *   npx tsx bench/cli-start/run.ts [rounds=7]
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { abab, JCSTAR, loadNow, machine, raw, spread, timeProcess, verdict } from "../lib/process-timing.ts";
import { commitId, median, writeSection } from "../lib/report.ts";

const rounds = Number(process.argv[2] ?? 7);
execFileSync(process.execPath, [join(import.meta.dirname, "../../apps/cli/scripts/build.mjs")], {
  stdio: "inherit",
});
const startLoad = loadNow();

const version = await abab(
  rounds,
  () => timeProcess(process.execPath, [JCSTAR, "--version"]),
  () => timeProcess("nmap", ["--version"]),
  (a, b) => (a.code === 0 && b.code === 0 && a.stdout.trim() === "0.1.0" ? null : `exit ${a.code}/${b.code}`),
);
const criteria = await abab(
  rounds,
  () => timeProcess(process.execPath, [JCSTAR, "criteria", "--json"]),
  () => timeProcess(process.execPath, [JCSTAR, "--version"]),
  (a) =>
    (JSON.parse(a.stdout) as unknown[]).length === 16 ? null : "criteria --json did not list 16 criteria",
);
// What Node itself costs on this machine now: the floor under any Node CLI (what dominates when the goals are missed).
const floor = await abab(
  rounds,
  () => timeProcess(process.execPath, ["-e", "0"]),
  () => timeProcess(process.execPath, [JCSTAR, "--version"]),
);
const ms = (runs: { ms: number }[]) => runs.map((r) => r.ms);
const mib = (runs: { peakMiB: number }[]) => runs.map((r) => r.peakMiB);
const vMedian = median(ms(version.a));
const cMedian = median(ms(criteria.a));
const nmapVersion = execFileSync("nmap", ["--version"], { encoding: "utf8" }).split("\n")[0];
const mismatches = [...version.mismatches, ...criteria.mismatches];
const body = `## CLI start / CLI の起動（whole process / プロセス全体）

| | |
|---|---|
| commit | ${commitId()} |
| date / 日時 | ${new Date().toISOString()} |
| machine / 環境 | ${machine(startLoad, nmapVersion)} |
| script | \`npx tsx bench/cli-start/run.ts ${rounds}\` — A B A B, wall time spawn → exit, peak RSS from \`/usr/bin/time -v\` |
| A | \`node apps/cli/bin/jcstar.js --version\` (the built CLI, apps/cli/dist) |
| B | \`nmap --version\` |
| A ms min / median / max | ${spread(ms(version.a))} (${raw(ms(version.a))}) |
| B ms min / median / max | ${spread(ms(version.b))} (${raw(ms(version.b))}) |
| A peak RSS MiB min / median / max | ${spread(mib(version.a))} |
| B peak RSS MiB min / median / max | ${spread(mib(version.b))} |
| ratio A / B (median) | ${(vMedian / median(ms(version.b))).toFixed(1)}× |
| goal --version < 150 ms / 目標 | ${verdict(vMedian, 150, " ms")} |
| C | \`node apps/cli/bin/jcstar.js criteria --json\` (alternating with A) |
| C ms min / median / max | ${spread(ms(criteria.a))} (${raw(ms(criteria.a))}) |
| C peak RSS MiB min / median / max | ${spread(mib(criteria.a))} |
| goal criteria --json < 300 ms / 目標 | ${verdict(cMedian, 300, " ms")} |
| D | \`node -e 0\` (Node's own start, alternating with A): the floor of any Node CLI / Node 自体の起動 |
| D ms min / median / max | ${spread(ms(floor.a))} (${raw(ms(floor.a))}) |
| A − D (median): jcstar's own cost / jcstar 自身のコスト | ${(median(ms(floor.b)) - median(ms(floor.a))).toFixed(0)} ms for --version, ${(cMedian - median(ms(floor.a))).toFixed(0)} ms for criteria --json |
| outputs checked / 出力の確認 | ${mismatches.length === 0 ? "yes: version 0.1.0, 16 criteria / 一致" : `NO — ${mismatches.join("; ")}`} |
`;
writeSection(join(import.meta.dirname, "../../docs/benchmarks.md"), "cli-start", body);
console.log(body);
if (mismatches.length > 0) process.exitCode = 1;
