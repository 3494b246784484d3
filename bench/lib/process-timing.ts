import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median } from "./report.ts";

/** The CLI as a user runs it (`npx jcstar` / node_modules/.bin/jcstar run this file). */
export const JCSTAR = resolve(import.meta.dirname, "../../apps/cli/bin/jcstar.js");

/** One whole-process run: wall time from spawn to exit, peak RSS from `/usr/bin/time -v`, its output. */
export type ProcessRun = { ms: number; peakMiB: number; code: number | null; stdout: string; stderr: string };

/** Runs `cmd args` under `/usr/bin/time -v` (Debian package `time`) and measures it from spawn to exit. */
export function timeProcess(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProcessRun> {
  const dir = mkdtempSync(join(tmpdir(), "jcstar-bench-time-"));
  const report = join(dir, "time.txt");
  const started = performance.now();
  const child = spawn("/usr/bin/time", ["-v", "-o", report, cmd, ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      const text = readFileSync(report, "utf8");
      rmSync(dir, { recursive: true, force: true });
      const kib = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] ?? Number.NaN);
      done({ ms, peakMiB: kib / 1024, code, stdout, stderr });
    });
  });
}

/** Runs A then B, `rounds` times (A B A B …), so both see the same changes in machine load. */
export async function abab(
  rounds: number,
  a: () => Promise<ProcessRun>,
  b: () => Promise<ProcessRun>,
  check: (a: ProcessRun, b: ProcessRun) => string | null = () => null,
): Promise<{ a: ProcessRun[]; b: ProcessRun[]; mismatches: string[] }> {
  const result = { a: [] as ProcessRun[], b: [] as ProcessRun[], mismatches: [] as string[] };
  for (let round = 1; round <= rounds; round++) {
    const ra = await a();
    const rb = await b();
    result.a.push(ra);
    result.b.push(rb);
    const problem = check(ra, rb);
    if (problem) result.mismatches.push(`round ${round}: ${problem}`);
    console.error(
      `round ${round}: A ${ra.ms.toFixed(0)} ms ${ra.peakMiB.toFixed(0)} MiB, B ${rb.ms.toFixed(0)} ms`,
    );
  }
  return result;
}

/** `min / median / max` of a list, rounded for a table. */
export function spread(values: readonly number[], digits = 0): string {
  const f = (v: number) => v.toFixed(digits);
  return `${f(Math.min(...values))} / **${f(median(values))}** / ${f(Math.max(...values))}`;
}

/** Each value, in order, for the "raw figures" row. */
export function raw(values: readonly number[], digits = 0): string {
  return values.map((v) => v.toFixed(digits)).join(", ");
}

/** The machine line: CPUs, load at the start and at the end (/proc/loadavg), Node. */
export function machine(startLoad: string, extra = ""): string {
  const end = readFileSync("/proc/loadavg", "utf8").trim().split(" ").slice(0, 3).join(" ");
  return `${cpus().length} CPU, /proc/loadavg ${startLoad} at the start, ${end} at the end / 開始・終了時の負荷 (shared machine / 共用), Node ${process.version}${extra ? `, ${extra}` : ""}`;
}

/** The 1, 5 and 15 minute load averages now. */
export function loadNow(): string {
  return readFileSync("/proc/loadavg", "utf8").trim().split(" ").slice(0, 3).join(" ");
}

/** "met" or by how much the goal is missed, for a value that must stay at or under `goal`. */
export function verdict(value: number, goal: number, unit: string): string {
  return value <= goal
    ? `met / 達成 (${value.toFixed(unit === "×" ? 2 : 0)}${unit} ≤ ${goal}${unit})`
    : `**missed by ${(value - goal).toFixed(unit === "×" ? 2 : 0)}${unit}** (${((value / goal - 1) * 100).toFixed(0)} % over) / 未達`;
}
