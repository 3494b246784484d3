#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step between a clone and a working CLI.
import { register } from "tsx/esm/api";

register();
// A closed pipe (`jcstar criteria --json | head`) is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv);
