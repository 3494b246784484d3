/**
 * Benchmark (outside CI): full 1–65535 TCP connect scan of 127.0.0.1 by jcstar's ports scanner
 * and by `nmap -sT -p- -T4`, alternating, in one run. Checks both find the same open ports and
 * writes the table into docs/benchmarks.md (section bench:port-scan).
 *
 *   npx tsx bench/port-scan/run.ts [rounds=3]
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { scanTcp } from "../../packages/probes/src/ports/tcp-scan.ts";
import { commitId, median, writeSection } from "../lib/report.ts";

const rounds = Number(process.argv[2] ?? 3);
const ports = Array.from({ length: 65535 }, (_, i) => i + 1);
const NMAP = ["-sT", "-p-", "-T4", "-n", "-Pn", "-oG", "-", "127.0.0.1"];

function nmapScan(): { ms: number; open: number[] } {
  const started = performance.now();
  const out = execFileSync("nmap", NMAP, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  const ms = performance.now() - started;
  const line = out.split("\n").find((l) => l.includes("Ports:")) ?? "";
  return { ms, open: [...line.matchAll(/(\d+)\/open\/tcp/g)].map((m) => Number(m[1])).sort((a, b) => a - b) };
}

const ours: number[] = [];
const theirs: number[] = [];
const mismatches: string[] = [];
const transient: number[] = [];
for (let round = 1; round <= rounds; round++) {
  const started = performance.now();
  const result = await scanTcp({ host: "127.0.0.1", ports });
  ours.push(performance.now() - started);
  const nmap = nmapScan();
  theirs.push(nmap.ms);
  // Other processes on the machine open and close ports during the run. A third, untimed scan
  // after nmap tells those transient ports from real disagreements: a port nmap alone saw is a
  // miss only if the scan after nmap does not see it either; a port only jcstar saw is a false
  // positive only if it is still open after nmap (nmap should then have seen it).
  const after = (await scanTcp({ host: "127.0.0.1", ports })).open;
  const nmapOnly = nmap.open.filter((p) => !result.open.includes(p));
  const oursOnly = result.open.filter((p) => !nmap.open.includes(p));
  const disagree = oursOnly.filter((p) => after.includes(p));
  for (const p of nmapOnly) (after.includes(p) ? transient : disagree).push(p);
  transient.push(...oursOnly.filter((p) => !after.includes(p)));
  const same = disagree.length === 0;
  if (!same) mismatches.push(`round ${round}: jcstar ${result.open.join(",")} / nmap ${nmap.open.join(",")}`);
  console.error(
    `round ${round}: jcstar ${ours.at(-1)?.toFixed(0)} ms (${result.open.length} open, ${result.selfConnects.length} self-connects excluded), nmap ${nmap.ms.toFixed(0)} ms (${nmap.open.length} open), same=${same}`,
  );
}
const ratio = median(ours) / median(theirs);
const nmapVersion = execFileSync("nmap", ["--version"], { encoding: "utf8" }).split("\n")[0];
const fmt = (list: number[]) => list.map((v) => v.toFixed(0)).join(", ");
const body = `## Port scan / ポートスキャン（1–65535 TCP, 127.0.0.1）

| | |
|---|---|
| commit | ${commitId()} |
| date / 日時 | ${new Date().toISOString()} |
| machine / 環境 | ${cpus().length} CPU, load average ${loadavg()
  .map((l) => l.toFixed(1))
  .join(" ")} at the end / 終了時の負荷, Node ${process.version}, ${nmapVersion} |
| jcstar | \`scanTcp({ host: "127.0.0.1", ports: 1-65535 })\` (\`npx tsx bench/port-scan/run.ts ${rounds}\`) |
| nmap | \`nmap ${NMAP.join(" ")}\` |
| jcstar ms (each round / 各回) | ${fmt(ours)} (median ${median(ours).toFixed(0)}) |
| nmap ms (each round / 各回) | ${fmt(theirs)} (median ${median(theirs).toFixed(0)}) |
| ratio jcstar / nmap (median) | **${ratio.toFixed(2)}×** (goal ≤ 1.5×, aim ≤ 1.0× / 目標 1.5 倍以下、理想 1.0 倍以下) |
| same open ports / 開放ポート一致 | ${mismatches.length === 0 ? "yes / 一致" : `NO / 不一致 — ${mismatches.join("; ")}`}${transient.length ? ` (transient ports opened/closed by other processes during the run, ignored / 実行中に他プロセスが開閉した一時ポートは除外: ${[...new Set(transient)].join(", ")})` : ""} |
`;
writeSection(join(import.meta.dirname, "../../docs/benchmarks.md"), "port-scan", body);
console.log(body);
if (mismatches.length > 0) process.exitCode = 1;
