#!/usr/bin/env node
// Bundles the jcstar CLI (apps/cli/src/main.ts with @jcstar/core, probes and server) into apps/cli/dist, which
// bin/jcstar.js runs: no TypeScript compiler at run time. Run by `npm ci` (prepare), `npm start`, `npm test`
// and vitest's global setup; skips the build when dist is newer than every source. `--force` always builds.
//
// - Our TypeScript and its JSON are bundled (no JSON import attributes at run time: Node 20.6 is enough).
// - Every npm dependency stays external and is loaded from node_modules when the code that needs it runs; the
//   commands are code-split (dynamic import in command-table.ts), so `--version` loads one small chunk.
// - `import.meta.url` in a bundled source file is the URL of that source file, so data files beside it (catalog
//   JSON, templates, fonts config, migrations, the web build) resolve as they do from the sources.
// - Source maps point at the .ts files (bin/jcstar.js turns them on).
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const DIST = join(ROOT, "apps/cli/dist");
const STAMP = join(DIST, ".built");
const INPUTS = [
  "apps/cli/src",
  "apps/cli/package.json",
  "apps/cli/scripts/build.mjs",
  "apps/server/src",
  "apps/server/package.json",
  "packages/core/src",
  "packages/core/package.json",
  "packages/probes/src",
  "packages/probes/package.json",
  "package-lock.json",
].map((p) => join(ROOT, p));

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when dist was built after the last change to any source. */
export function cliIsFresh() {
  if (!existsSync(STAMP)) return false;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.filter(existsSync).every((p) => newestMtime(p) <= built);
}

/** esbuild plugin: bare imports of npm packages stay external; our workspace packages are bundled. */
const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@jcstar/")) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** esbuild plugin: `import.meta.url` in each of our files becomes that file's own URL, relative to dist. */
const sourceFileUrls = {
  name: "source-file-urls",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${"/"}node_modules${"/"}`)) return undefined;
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const fromDist = JSON.stringify(relative(DIST, args.path).split("\\").join("/"));
      const url = `new URL(${fromDist}, import.meta.url).href`;
      return { contents: source.replaceAll("import.meta.url", url), loader: "ts" };
    });
  },
};

export async function buildCli({ force = false } = {}) {
  if (!force && cliIsFresh()) return false;
  const { build } = await import("esbuild");
  const out = `${DIST}.tmp-${process.pid}`;
  rmSync(out, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { main: "apps/cli/src/main.ts" },
    outdir: out,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    chunkNames: "[name]-[hash]",
    legalComments: "none",
    logLevel: "warning",
    plugins: [externalPackages, sourceFileUrls],
  });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, ".built"), `${new Date().toISOString()}\n`);
  const old = `${DIST}.old-${process.pid}`;
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(out, DIST);
  rmSync(old, { recursive: true, force: true });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const built = await buildCli({ force: process.argv.includes("--force") });
  if (built) console.error(`jcstar CLI built into apps/cli/dist in ${Date.now() - started} ms`);
}
