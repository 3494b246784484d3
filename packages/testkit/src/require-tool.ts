import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** True when `JCSTAR_TEST_STRICT=1`: every missing tool is then a failure, not a skip. */
export function isStrict(): boolean {
  return process.env.JCSTAR_TEST_STRICT === "1";
}

/** Absolute path of an executable found on PATH (or in sbin folders), or null. */
export function which(command: string): string | null {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

const announced = new Set<string>();

/**
 * Decides whether a suite that needs `tool` can run. Returns true when it is available.
 * When it is not, prints the reason once and returns false (the caller skips), unless
 * JCSTAR_TEST_STRICT=1, where it throws so that the skip fails the run.
 */
export function requireTool(tool: string, available: boolean, reason: string): boolean {
  if (available) return true;
  const message = `[jcstar test] skipping suites that need ${tool}: ${reason}`;
  if (isStrict()) throw new Error(`${message} (JCSTAR_TEST_STRICT=1 turns this skip into a failure)`);
  if (!announced.has(tool)) {
    announced.add(tool);
    console.warn(message);
  }
  return false;
}
