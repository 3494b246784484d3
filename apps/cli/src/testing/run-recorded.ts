import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tempDir } from "@jcstar/testkit";

const BIN = resolve(import.meta.dirname, "../../bin/jcstar.js");
const RECORDER = resolve(import.meta.dirname, "record-loads.mjs");

/**
 * For tests: runs `jcstar ARGS` with record-loads.mjs preloaded; resolves with its exit code, output and every
 * module URL or CommonJS path the process loaded.
 */
export function runRecorded(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string; loaded: string[] }> {
  const dir = tempDir();
  const log = join(dir.path, "loads.txt");
  const child = spawn(process.execPath, ["--import", RECORDER, BIN, ...args], {
    env: { ...process.env, JCSTAR_LOAD_LOG: log },
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
  return new Promise((done) =>
    child.on("close", (code) => {
      const loaded = readFileSync(log, "utf8").split("\n").filter(Boolean);
      dir.cleanup();
      done({ code, stdout, stderr, loaded });
    }),
  );
}

/** The npm packages (`node_modules/<name>`) among loaded module URLs and paths. */
export function packagesOf(loaded: string[]): Set<string> {
  const names = new Set<string>();
  for (const entry of loaded) {
    for (const m of entry.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)) if (m[1]) names.add(m[1]);
  }
  return names;
}
