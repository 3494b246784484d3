// Stack traces of the compiled CLI name the TypeScript sources, like `--enable-source-maps`, but a source map is
// read only when a stack trace that passes through its file is formatted. Node's own source map support reads
// and parses every map when its file loads (for `jcstar serve` a 3 MB bundle: a tenth of its start time and
// memory) although most runs never print a stack.
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

const DIST = new URL("../dist/", import.meta.url).href;
/** @type {Map<string, SourceMap | null>} */
const maps = new Map();

/** @param {string} file a `file:` URL in dist */
function mapOf(file) {
  if (!maps.has(file)) {
    try {
      maps.set(file, new SourceMap(JSON.parse(readFileSync(fileURLToPath(`${file}.map`), "utf8"))));
    } catch {
      maps.set(file, null);
    }
  }
  return maps.get(file) ?? null;
}

/** @param {NodeJS.CallSite} site */
function frame(site) {
  const file = site.getFileName() ?? "";
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  const map = file.startsWith(DIST) && line !== null && column !== null ? mapOf(file) : null;
  const entry = map?.findEntry(line - 1, column - 1);
  if (!entry || !("originalSource" in entry) || !entry.originalSource) return `    at ${site}`;
  const source = fileURLToPath(new URL(entry.originalSource, file));
  const where = `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  const name = site.getFunctionName() ?? site.getMethodName();
  const prefix = site.isAsync() ? "async " : "";
  return name ? `    at ${prefix}${name} (${where})` : `    at ${prefix}${where}`;
}

/** Installs the formatter (V8 calls it when `error.stack` is first read). */
export function mapStackTraces() {
  Error.prepareStackTrace = (error, sites) => {
    const head = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return [head, ...sites.map(frame)].join("\n");
  };
}
