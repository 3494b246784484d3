#!/usr/bin/env node
// Runs the compiled CLI in ../dist (built by `npm ci`, `npm start` and `npm test`: apps/cli/scripts/build.mjs).
// Stack traces point at the TypeScript sources through the source maps (read when a trace is formatted).
import { existsSync } from "node:fs";
import { mapStackTraces } from "./stack-traces.js";

mapStackTraces();
// A closed pipe (`jcstar criteria --json | head`) is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
const entry = new URL("../dist/main.js", import.meta.url);
if (!existsSync(entry)) {
  console.error(
    "jcstar is not built: run `npm ci` or `node apps/cli/scripts/build.mjs` / jcstar が未ビルドです",
  );
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
