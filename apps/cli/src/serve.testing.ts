import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

/** The CLI entry point, for tests that run `jcstar` as a user would. */
export const BIN = resolve(import.meta.dirname, "../bin/jcstar.js");

/**
 * For tests: starts `jcstar serve --port 0 --data DIR` and resolves with its URL once it prints
 * "listening on …" (fails after 60 s with what it printed).
 */
export function startServe(
  data: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--data", data], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  let out = "";
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no start: ${out}`)), 60_000);
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        res({ child, url: m[1] });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
  });
}
