import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const WEB = join(ROOT, "apps/web");
const DIST_INDEX = join(WEB, "dist/index.html");

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function webIsFresh(): boolean {
  if (!existsSync(DIST_INDEX)) return false;
  const built = statSync(DIST_INDEX).mtimeMs;
  const sources = ["src", "index.html", "vite.config.ts", "package.json"]
    .map((p) => join(WEB, p))
    .filter(existsSync);
  return sources.every((p) => newestMtime(p) <= built);
}

/**
 * Builds apps/web into apps/web/dist when it is missing or older than its sources. Several test files may
 * call this at once: a lock folder makes one build and the others wait for it.
 */
export async function ensureWebBuilt(): Promise<void> {
  const lock = join(WEB, ".build-lock");
  for (let waited = 0; ; waited += 250) {
    if (webIsFresh()) return;
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (webIsFresh()) return;
    const result = spawnSync("npm", ["run", "build", "-w", "@jcstar/web"], { cwd: ROOT, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmdirSync(lock);
  }
}
