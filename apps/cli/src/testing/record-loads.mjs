// Preloaded with `node --import` by load-only-what-is-needed.test.ts: writes every module specifier the process
// resolves (ESM resolve hook, in the loader thread) and every CommonJS module it required (at exit) to the file
// named by JCSTAR_LOAD_LOG, one per line.
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";

const log = process.env.JCSTAR_LOAD_LOG;
if (log) {
  const hook = `
    import { appendFileSync } from "node:fs";
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      appendFileSync(${JSON.stringify(log)}, result.url + "\\n");
      return result;
    }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  const cache = createRequire(import.meta.url).cache;
  process.on("exit", () => appendFileSync(log, `${Object.keys(cache).join("\n")}\n`));
}
