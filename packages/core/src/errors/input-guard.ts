import { AppError } from "./app-error.ts";

/** Deeper than any body jcstar reads (profiles, probe runs, forms): a deeper one is an attack on a recursion. */
export const MAX_INPUT_DEPTH = 64;

function jsonPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "(body)";
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`))
    .join("")
    .replace(/^\./, "");
}

/** Recursion is safe here: it never goes deeper than maxDepth (≤ a few hundred) frames. */
function walk(v: unknown, depth: number, path: (string | number)[], maxDepth: number): void {
  if (typeof v === "string") {
    if (v.includes("\u0000")) throw new AppError("INPUT_NUL_CHARACTER", { where: jsonPath(path) });
    return;
  }
  if (typeof v !== "object" || v === null) return;
  if (depth >= maxDepth) throw new AppError("INPUT_TOO_DEEP", { limit: maxDepth });
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      walk(v[i], depth + 1, path, maxDepth);
      path.pop();
    }
    return;
  }
  for (const key of Object.keys(v)) {
    path.push(key);
    if (key.includes("\u0000")) throw new AppError("INPUT_NUL_CHARACTER", { where: jsonPath(path) });
    walk((v as Record<string, unknown>)[key], depth + 1, path, maxDepth);
    path.pop();
  }
}

/**
 * Refuses a parsed JSON value that jcstar must not work on: nested deeper than `maxDepth` (INPUT_TOO_DEEP — code
 * that recurses, or JSON.stringify, would overflow the stack), or with U+0000 in any string or key
 * (INPUT_NUL_CHARACTER — PostgreSQL text cannot hold it). Applied to every JSON request body.
 */
export function assertSafeJson(value: unknown, maxDepth = MAX_INPUT_DEPTH): void {
  walk(value, 0, [], maxDepth);
}

/** Uploaded documents (SBOMs, scanner reports) nest deeper than request bodies, still far from a stack overflow. */
export const MAX_DOCUMENT_DEPTH = 256;

/** Refuses U+0000 in an uploaded text document, raw or as an XML character reference (`&#0;`, `&#x0;`). */
export function assertNoNulInDocument(text: string): void {
  if (text.includes("\u0000") || /&#(x0*|0+);/i.test(text))
    throw new AppError("INPUT_NUL_CHARACTER", { where: "document" });
}

/** Refuses U+0000 in a request's URL (path parameters and query strings reach the database as text). */
export function assertNoNulInUrl(url: string): void {
  if (/%00/i.test(url) || url.includes("\u0000")) throw new AppError("INPUT_NUL_CHARACTER", { where: "URL" });
}
