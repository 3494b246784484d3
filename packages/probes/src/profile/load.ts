import { readFile, stat } from "node:fs/promises";
import { type Document, isMap, isNode, Lexer, LineCounter, parseDocument } from "yaml";
import { formatKeyPath, ProfileError, type ProfileIssue } from "./errors.ts";
import { issueMessage } from "./messages.ts";
import { type Profile, profileSchema, serverProfileSchema } from "./schema.ts";
import { namesScanTcp, serverScanRange } from "./server-scan.ts";

/** A profile is a page of YAML: anything larger is refused before it is parsed (CLI and server alike). */
export const MAX_PROFILE_BYTES = 1024 * 1024;
/** Flow collections (`[` / `{`) nested deeper than this are refused before parsing (the parser recurses). */
export const MAX_PROFILE_NESTING = 64;
/** YAML aliases resolved at most this often (the yaml library's guard against "billion laughs" expansion). */
export const MAX_PROFILE_ALIASES = 100;

/** Options of parseProfile(). */
export interface ParseProfileOptions {
  /**
   * The profile is for a run on the jcstar server: passwords come from the server's secret store
   * (`passwordSecret`), never from its environment (`passwordEnv`), and no server file is read (`defaultCredentials.list`).
   * Without `scan.tcp` it scans TCP 1-10000 plus the declared ports (serverScanRange), not 1-65535.
   */
  server?: boolean;
}

/**
 * Parses and validates a device profile from YAML or JSON text (JSON is read by the same
 * YAML 1.2 parser so that errors in both carry line numbers). Returns the profile with
 * defaults filled in, or throws a ProfileError listing every problem with line and key.
 */
export function parseProfile(text: string, file = "profile", options: ParseProfileOptions = {}): Profile {
  refuseHostile(text, file);
  const lineCounter = new LineCounter();
  const doc = guarded(file, () =>
    parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }),
  );
  const position = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    throw new ProfileError(
      file,
      doc.errors.map((e) => {
        const { line, col } = position(e.pos[0]);
        return {
          line,
          column: col,
          key: "",
          message: { ja: `構文エラー: ${e.message}`, en: `syntax error: ${e.message}` },
        };
      }),
    );
  }
  const value = guarded(file, () => doc.toJS({ maxAliasCount: MAX_PROFILE_ALIASES }) ?? {});
  const parsed = (options.server ? serverProfileSchema : profileSchema).safeParse(value);
  if (parsed.success) {
    if (options.server && !namesScanTcp(value)) parsed.data.scan.tcp = serverScanRange(parsed.data);
    return parsed.data;
  }
  const issues: ProfileIssue[] = parsed.error.issues.map((issue) => {
    const extraKey = issue.code === "unrecognized_keys" ? issue.keys[0] : undefined;
    const offset = locate(doc, issue.path, extraKey);
    const { line, col } = position(offset);
    const path = extraKey === undefined ? issue.path : [...issue.path, extraKey];
    return {
      line,
      column: col,
      key: formatKeyPath(path),
      message: issueMessage(issue, doc.hasIn(issue.path as unknown[])),
    };
  });
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  throw new ProfileError(file, issues);
}

const documentProblem = (file: string, ja: string, en: string) =>
  new ProfileError(file, [{ line: 0, column: 0, key: "", message: { ja, en } }]);

const tooLarge = (file: string) =>
  documentProblem(
    file,
    `大きすぎます（上限 ${MAX_PROFILE_BYTES} バイト）`,
    `too large (limit ${MAX_PROFILE_BYTES} bytes)`,
  );

/** Size and flow-nesting limits, checked on the text before the YAML parser sees it. */
function refuseHostile(text: string, file: string): void {
  if (Buffer.byteLength(text) > MAX_PROFILE_BYTES) throw tooLarge(file);
  if (flowDepth(text, MAX_PROFILE_NESTING) > MAX_PROFILE_NESTING) {
    throw documentProblem(
      file,
      `入れ子が深すぎます（上限 ${MAX_PROFILE_NESTING} 段）`,
      `nested too deeply (limit ${MAX_PROFILE_NESTING} levels)`,
    );
  }
}

/**
 * The deepest nesting of flow collections (`[`, `{`) as the YAML library's own lexer sees them (quoted scalars and
 * comments are single tokens, so brackets inside them do not count). The lexer does not recurse.
 */
export function flowDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === "[" || token === "{") {
      depth++;
      if (depth > max) max = depth;
      if (max > stopAbove) return max;
    } else if ((token === "]" || token === "}") && depth > 0) depth--;
  }
  return max;
}

/** Runs a step of the YAML library, turning its resource guards (alias bombs, deep recursion) into ProfileErrors. */
function guarded<T>(file: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw documentProblem(
        file,
        `エイリアスの展開が多すぎます（上限 ${MAX_PROFILE_ALIASES}）`,
        `too many alias expansions (limit ${MAX_PROFILE_ALIASES}): refused as a resource exhaustion attack`,
      );
    }
    if (error instanceof RangeError) {
      throw documentProblem(file, "入れ子が深すぎます", "nested too deeply");
    }
    throw error;
  }
}

/** Reads a profile file (YAML or JSON) and validates it; see parseProfile. */
export async function loadProfileFile(path: string): Promise<Profile> {
  let text: string;
  let size = 0;
  try {
    size = (await stat(path)).size;
    // A file over the limit is not even read into memory.
    text = size > MAX_PROFILE_BYTES ? "" : await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as Error).message;
    throw new ProfileError(path, [
      {
        line: 0,
        column: 0,
        key: "",
        message: { ja: `読み込めません: ${reason}`, en: `cannot read: ${reason}` },
      },
    ]);
  }
  if (size > MAX_PROFILE_BYTES) throw tooLarge(path);
  return parseProfile(text, path);
}

/** Source offset of the node at `path` (or of `extraKey` inside it), or of its nearest existing parent. */
function locate(doc: Document, path: readonly PropertyKey[], extraKey?: string): number {
  const keys = path.map((p) => (typeof p === "symbol" ? String(p) : p));
  for (let n = keys.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
    if (!isNode(node)) continue;
    if (n === keys.length && extraKey !== undefined && isMap(node)) {
      const pair = node.items.find((item) => isNode(item.key) && (item.key.toJSON() as unknown) === extraKey);
      if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
    }
    // Point at the key of a mapping entry rather than at its value when we can.
    if (n > 0) {
      const parent = n === 1 ? doc.contents : doc.getIn(keys.slice(0, n - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isNode(item.key) && item.key.toJSON() === keys[n - 1]);
        if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
      }
    }
    if (node.range) return node.range[0];
  }
  return 0;
}
