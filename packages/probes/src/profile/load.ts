import { readFile } from "node:fs/promises";
import { type Document, isMap, isNode, LineCounter, parseDocument } from "yaml";
import { formatKeyPath, ProfileError, type ProfileIssue } from "./errors.ts";
import { issueMessage } from "./messages.ts";
import { type Profile, profileSchema, serverProfileSchema } from "./schema.ts";

/** Options of parseProfile(). */
export interface ParseProfileOptions {
  /**
   * The profile is for a run on the jcstar server: passwords come from the server's secret store
   * (`passwordSecret`), never from its environment (`passwordEnv`), and no server file is read (`defaultCredentials.list`).
   */
  server?: boolean;
}

/**
 * Parses and validates a device profile from YAML or JSON text (JSON is read by the same
 * YAML 1.2 parser so that errors in both carry line numbers). Returns the profile with
 * defaults filled in, or throws a ProfileError listing every problem with line and key.
 */
export function parseProfile(text: string, file = "profile", options: ParseProfileOptions = {}): Profile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
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
  const parsed = (options.server ? serverProfileSchema : profileSchema).safeParse(doc.toJS() ?? {});
  if (parsed.success) return parsed.data;
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

/** Reads a profile file (YAML or JSON) and validates it; see parseProfile. */
export async function loadProfileFile(path: string): Promise<Profile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
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
