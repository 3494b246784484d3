import {
  exportLabels,
  registryPublicUrl,
  type StaticFile,
  type TreeWriteResult,
  writeStaticTree,
} from "@jcstar/core";
import { createApp } from "../app.ts";
import type { App, AppDeps } from "../app-env.ts";
import { clearPageCache } from "../public/page-cache.ts";
import { exportSources, labelSource, listSource, sha256 } from "./export-sources.ts";
import { buildSearchIndex } from "./search-index.ts";

const LANGS = ["ja", "en"] as const;
/** Rows per list page (the server's default `limit`). */
const PAGE_SIZE = 20;
/** The static status list is signed again when older than this (it is valid one day). */
export const STATUS_LIST_MAX_AGE_MS = 12 * 60 * 60_000;

/** A file whose bytes are the app's answer to GET `url`: the static copy is the app's own rendering. */
function fromApp(app: App, path: string, url: string, expect: 200 | 404 = 200): StaticFile {
  return {
    path,
    render: async () => {
      const res = await app.request(url);
      if (res.status !== expect) throw new Error(`GET ${url} answered ${res.status} (expected ${expect})`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

async function* registryFiles(deps: AppDeps, app: App): AsyncGenerator<StaticFile> {
  const now = deps.now();
  const { db } = deps;
  const sources = await exportSources(deps);
  const rows = await exportLabels(db, now, await registryPublicUrl(deps));
  // What every page links first: style, script, keys, status list.
  yield fromApp(app, "public/registry.css", "/public/registry.css");
  yield fromApp(app, "public/registry-search.js", "/public/registry-search.js");
  yield fromApp(app, ".well-known/jwks.json", "/.well-known/jwks.json");
  yield fromApp(app, "api/registry/jwks", "/api/registry/jwks");
  yield {
    ...fromApp(app, "api/registry/status-list", "/api/registry/status-list"),
    source: sources.statusList,
    maxAgeMs: STATUS_LIST_MAX_AGE_MS,
  };
  // Every label: its pages, JSON, signed payload and SVG artwork. The print PNG (for makers, ~1 s of rendering
  // each) is not copied: the nginx config passes it to the app (docs/static-registry.md).
  const labels = await db
    .selectFrom("labels")
    .select(["registration_number", "payload", "product_id", "key_id", "issued_at", "version"])
    .orderBy("registration_number")
    .execute();
  const byNumber = new Map(rows.map((r) => [r.registrationNumber, r]));
  for (const { registration_number: n, ...facts } of labels) {
    const source = labelSource(sources, byNumber.get(n), facts);
    const api = `/api/registry/labels/${encodeURIComponent(n)}`;
    const file = (path: string, url: string) => ({ ...fromApp(app, path, url), source });
    yield file(`api/registry/labels/${n}/label.json`, api);
    yield file(`api/registry/labels/${n}/payload`, `${api}/payload`);
    yield file(`api/registry/labels/${n}/label.svg`, `${api}/label.svg`);
    for (const lang of LANGS)
      yield file(`registry/${n}.${lang}.html`, `/registry/${encodeURIComponent(n)}?lang=${lang}`);
  }
  // Published product security information pages, at /p/{slug} and /p/{productId}.
  const published = await db
    .selectFrom("product_publications")
    .select(["product_id", "slug"])
    .where("published", "=", 1)
    .orderBy("product_id")
    .execute();
  for (const { product_id, slug } of published) {
    const source = sha256(`${sources.frame}:${sources.products.get(product_id) ?? ""}`);
    for (const key of slug ? [slug, product_id] : [product_id])
      for (const lang of LANGS)
        yield { ...fromApp(app, `p/${key}.${lang}.html`, `/p/${key}?lang=${lang}`), source };
  }
  // The index: downloads, search index, list pages, then the not-found pages.
  // The downloads and the search index hold exactly the public rows: unchanged rows, unchanged files.
  const index = sha256(`${sources.frame}:${JSON.stringify(rows)}`);
  yield { ...fromApp(app, "api/registry/export.json", "/api/registry/export?format=json"), source: index };
  yield { ...fromApp(app, "api/registry/export.csv", "/api/registry/export?format=csv"), source: index };
  yield { path: "public/search/labels.json", render: async () => buildSearchIndex(rows), source: index };
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  for (let page = 1; page <= pages; page++) {
    const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const source = listSource(sources, shown, rows.length > page * PAGE_SIZE);
    for (const lang of LANGS) {
      const url = page === 1 ? `/registry?lang=${lang}` : `/registry?page=${page}&lang=${lang}`;
      yield { ...fromApp(app, `registry/_list/${page}.${lang}.html`, url), source };
    }
  }
  for (const lang of LANGS) yield fromApp(app, `_errors/404.${lang}.html`, `/registry/-?lang=${lang}`, 404);
  yield { path: "_errors/404.json", render: async () => NOT_FOUND_JSON };
}

/** The answer of the static copy to an unknown /api path (the app names the registration number; nginx cannot). */
const NOT_FOUND_JSON = `${JSON.stringify({
  error: { code: "NOT_FOUND", message: "見つかりません / Not found", details: [] },
})}\n`;

export type RegistryExportResult = TreeWriteResult & { durationMs: number };

/**
 * `jcstar registry export DIR` and the `registry-export` job: writes the public registry as static files
 * (docs/static-registry.md) — each one the app's own answer to its URL — rewriting only what changed since the
 * last export and deleting what vanished. The page micro-cache of this process is dropped first, so that the
 * copy is made from the database as it is now.
 */
export async function exportRegistry(
  deps: AppDeps,
  dir: string,
  signal?: AbortSignal,
): Promise<RegistryExportResult> {
  const started = Date.now();
  clearPageCache(deps);
  const app = createApp(deps);
  const result = await writeStaticTree(dir, registryFiles(deps, app), deps.now, signal);
  return { ...result, durationMs: Date.now() - started };
}
