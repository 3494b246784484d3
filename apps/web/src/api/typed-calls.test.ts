import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..");

/** Where an API path may be written: as the path template of a typed call, URL builder or generated type. */
const ALLOWED_BEFORE = [
  /client\.(GET|POST|PUT|PATCH|DELETE)\(\s*$/, // the typed client
  /\bpathUrl\(\s*$/, // a GET link
  /\bapiUrl\(\s*"(get|post|put|patch|delete)",\s*$/, // a URL for XHR / streamed fetch
  /\bsendFile\(\s*$/, // an upload with progress (typed by its path)
  /\bpaths\[\s*$/, // a type from the generated paths
];

/**
 * The untyped API calls in one file's text: a string URL of the API anywhere but as a documented path template,
 * `fetch`/XHR given a literal URL, a type argument on a fetch wrapper (`api.get<T>`, `ok<T>`), or a hand-declared
 * `as` of a response's JSON.
 */
export function untypedCalls(text: string): string[] {
  const found: string[] = [];
  const line = (at: number) => text.slice(0, at).split("\n").length;
  for (const m of text.matchAll(/["'`]\/api\//g)) {
    const before = text.slice(Math.max(0, m.index - 120), m.index);
    if (!ALLOWED_BEFORE.some((re) => re.test(before)))
      found.push(`${line(m.index)}: string URL ${text.slice(m.index, m.index + 40).split("\n")[0]}`);
  }
  const patterns: [RegExp, string][] = [
    [/\bfetch\(\s*["'`]/g, "fetch with a literal URL"],
    [/\.open\(\s*"\w+",\s*["'`]/g, "XMLHttpRequest with a literal URL"],
    [/\b(api|http|request)\.(get|post|put|patch|delete)\s*</gi, "a type argument on a fetch wrapper"],
    [/(?<!function )\bok<[^>]+>\(/g, "a type argument on ok()"],
    [/\.json\(\)\)?\s+as\s+[A-Z{]/g, "a cast of a response's JSON"],
  ];
  for (const [re, why] of patterns) for (const m of text.matchAll(re)) found.push(`${line(m.index)}: ${why}`);
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && e.name !== "schema.gen.ts"
      ? [path]
      : [];
  });
}

describe("the web's API calls", () => {
  it("finds each kind of untyped call in a sample (so the scan below can fail)", () => {
    const sample = [
      'const a = await fetch("/api/products");',
      "const b = `/api/products/\u0024{id}/checklist`;",
      'xhr.open("POST", "/api/evidence/files");',
      'const c = await api.get<Product>("/api/products/" + id);',
      "const d = (await res.json()) as Product;",
      '<a href="/api/releases/r1/sbom">',
      'const e = await ok<Product[]>(client.GET("/api/products"));',
    ].join("\n");
    expect(untypedCalls(sample).map((f) => f.split(":")[0])).toEqual(
      expect.arrayContaining(["1", "2", "3", "4", "5", "6", "7"]),
    );
    const typed = [
      'await ok(client.GET("/api/products/{productId}", { params: { path: { productId } } }));',
      'pathUrl("/api/evidence/{evidenceId}/file", { path: { evidenceId } });',
      'apiUrl("post", "/api/evidence/files", { query });',
      'sendFile(\n  "/api/releases/{releaseId}/sbom", params, file, () => {});',
      'type A = paths["/api/vuln/sources"]["get"];',
    ].join("\n");
    expect(untypedCalls(typed)).toEqual([]);
  });

  it("are all typed from the generated paths in apps/web/src", () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) =>
      untypedCalls(readFileSync(file, "utf8")).map((f) => `${relative(SRC, file)}:${f}`),
    );
    expect(found).toEqual([]);
  });
});
