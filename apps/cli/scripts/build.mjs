#!/usr/bin/env node
// Bundles the jcstar CLI (apps/cli/src/main.ts with @jcstar/core, probes and server) into apps/cli/dist, which
// bin/jcstar.js runs: no TypeScript compiler at run time. Run by `npm ci` (prepare), `npm start`, `npm test`
// and vitest's global setup; skips the build when dist is newer than every source. `--force` always builds.
//
// - Our TypeScript and its JSON are bundled (no JSON import attributes at run time: Node 20.6 is enough).
// - Small pure-JavaScript dependencies (commander, zod, kysely, hono, yaml, …) are bundled too: one file to
//   parse instead of hundreds of modules to resolve. Native modules and the large dependencies only some
//   commands use (EXTERNAL) are loaded from node_modules when the code that needs them runs. The commands are
//   code-split (dynamic import in command-table.ts), so `--version` loads one small chunk.
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

/**
 * npm packages loaded from node_modules at run time instead of bundled: native modules, and the large
 * dependencies that only some commands use (imported inside the functions that need them).
 */
const EXTERNAL = [
  "better-sqlite3",
  "pg",
  "@resvg/resvg-js",
  "exceljs",
  "pdfkit",
  "fontkit",
  "yazl",
  "yauzl",
  "@cyclonedx/cyclonedx-library",
  "qrcode",
  "ssh2",
  "mqtt",
  "basic-ftp",
  "nodemailer",
  "openapi-typescript",
  "@aws-sdk",
];

/** esbuild plugin: the EXTERNAL packages stay imports; everything else (small, pure JavaScript) is bundled. */
const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const external = EXTERNAL.some((name) => args.path === name || args.path.startsWith(`${name}/`));
      return external ? { path: args.path, external: true } : undefined;
    });
  },
};

/**
 * esbuild plugin: zod's `locales` namespace (40 languages, half of zod's size) holds English only. jcstar words
 * its own messages in ja/en; zod's English default (`config(en())`) is all it uses, and bundling the rest cost
 * every command that parses anything (most do) the time to compile 350 KB.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)) return undefined;
      return { path: join(args.resolveDir, "../locales/index.js"), namespace: "zod-locales" };
    });
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), "en.js"))};`,
      resolveDir: dirname(args.path),
      loader: "js",
    }));
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
  const result = await build({
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
    // Bundled CommonJS packages call require() for Node's own modules.
    banner: {
      js: 'import { createRequire as __jcstarRequire } from "node:module"; const require = __jcstarRequire(import.meta.url);',
    },
    logLevel: "warning",
    plugins: [externalPackages, zodEnglishOnly, sourceFileUrls],
    metafile: true,
  });
  mkdirSync(out, { recursive: true });
  // What each chunk holds (for `npx esbuild --analyze`-style questions: why is this command slow to start?).
  writeFileSync(join(out, "meta.json"), JSON.stringify(result.metafile));
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
