import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

/** The CLI entry point, for tests that run `jcstar` as a user would. */
export const BIN = resolve(import.meta.dirname, "../bin/jcstar.js");

/**
 * For tests: starts `jcstar serve --port 0 --data DIR [extra args]` and resolves with its URL once it prints
 * "listening on …", and with the one-time setup token once that is printed too when `waitForSetupToken` is set
 * (fails after 60 s with what it printed).
 */
export function startServe(
  data: string,
  env: NodeJS.ProcessEnv = process.env,
  options: { args?: string[]; waitForSetupToken?: boolean } = {},
): Promise<{ child: ChildProcess; url: string; setupToken: string | undefined }> {
  const args = [BIN, "serve", ...(options.args ?? []), "--port", "0", "--data", data];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env });
  let out = "";
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no start: ${out}`)), 60_000);
    const onData = (c: Buffer) => {
      out += c.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const setupToken = /\n {4}(\S+)\n/.exec(out)?.[1];
      if (url && (setupToken || !options.waitForSetupToken)) {
        clearTimeout(timer);
        res({ child, url, setupToken });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
  });
}
