import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ensureWebBuilt } from "./build-web.ts";

const BUILD_CLI = fileURLToPath(new URL("../apps/cli/scripts/build.mjs", import.meta.url));

/**
 * Vitest globalSetup: builds the CLI (tests that spawn bin/jcstar.js run apps/cli/dist) when it is older than
 * its sources, and apps/web once before the browser tests when dist/ is missing or stale.
 */
export default async function setup(): Promise<void> {
  const cli = spawnSync(process.execPath, [BUILD_CLI], { encoding: "utf8" });
  if (cli.status !== 0) throw new Error(`CLI build failed:\n${cli.stdout}\n${cli.stderr}`);
  await ensureWebBuilt();
}
