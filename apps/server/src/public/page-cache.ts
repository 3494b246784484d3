import { createHash } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import type { AppDeps, AppEnv } from "../app-env.ts";
import { requestLang } from "../error-handler.ts";
import { PUBLIC_CACHE } from "./cache.ts";

/**
 * A micro-cache of rendered public pages, per app and per language + URL: a page hit again within
 * PAGE_CACHE_MS is answered without touching the database. Registry and publication writes made through
 * this app clear it at once; other processes (or direct database writes) show within PAGE_CACHE_MS —
 * browsers and proxies revalidate every time (Cache-Control: no-cache + ETag).
 */
export const PAGE_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

type Entry = { body: string; etag: string; status: 200 | 404; contentType: string; expires: number };
const caches = new WeakMap<AppDeps, Map<string, Entry>>();

function cacheOf(deps: AppDeps): Map<string, Entry> {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new Map();
    caches.set(deps, cache);
  }
  return cache;
}

/** Forgets every cached page of this app (after a label, publication or registry setting changed). */
export function clearPageCache(deps: AppDeps): void {
  caches.get(deps)?.clear();
  replays.get(deps)?.clear();
}

/** A whole answered page (status, body and every header the app set, security headers included). */
type Replay = {
  body: string;
  status: number;
  headers: [string, string][];
  etag: string | null;
  expires: number;
};
const replays = new WeakMap<AppDeps, Map<string, Replay>>();

function etagMatches(wanted: string | undefined, etag: string): boolean {
  return !!wanted?.split(",").some((tag) => tag.trim() === etag || tag.trim() === `W/${etag}`);
}

/**
 * The outermost middleware of the public pages: a page answered within PAGE_CACHE_MS is replayed whole — the same
 * status, body and headers — without routing, security-header or rendering work, so that the page a label's QR code
 * opens stays fast under load. Only HTML and CSS answers (200/404) are kept; none of them sets a cookie.
 */
export function publicPageReplay(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== "GET") return next();
    let cache = replays.get(deps);
    if (!cache) {
      cache = new Map();
      replays.set(deps, cache);
    }
    const key = `${requestLang(c)}\n${c.req.url}`;
    const hit = cache.get(key);
    if (hit && hit.expires > Date.now()) {
      if (hit.etag && etagMatches(c.req.header("if-none-match"), hit.etag))
        return new Response(null, { status: 304, headers: hit.headers });
      return new Response(hit.body, { status: hit.status, headers: hit.headers });
    }
    await next();
    const res = c.res;
    const type = res.headers.get("content-type") ?? "";
    if (
      (res.status === 200 || res.status === 404) &&
      /^text\/(html|css)/.test(type) &&
      !res.headers.has("set-cookie")
    ) {
      // The headers first: @hono/node-server's light Response rebuilds itself from its first init when its body
      // is read, dropping headers set since (the security headers). The answer is then sent from these headers.
      const headers: [string, string][] = [...res.headers.entries()];
      const body = await res.text();
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(key, {
        body,
        status: res.status,
        headers,
        etag: res.headers.get("etag"),
        expires: Date.now() + PAGE_CACHE_MS,
      });
      c.res = undefined;
      c.res = new Response(body, { status: res.status, headers });
    }
  };
}

function answer(c: Context<AppEnv>, entry: Entry): Response {
  const headers = {
    "Content-Type": entry.contentType,
    "Cache-Control": PUBLIC_CACHE,
    ETag: entry.etag,
    Vary: "Accept-Language",
  };
  const wanted = c.req.header("if-none-match");
  if (wanted?.split(",").some((tag) => tag.trim() === entry.etag || tag.trim() === `W/${entry.etag}`))
    return new Response(null, { status: 304, headers });
  return new Response(entry.body, { status: entry.status, headers });
}

/** Serves the page from the cache, or renders, remembers and serves it. */
export async function cachedPage(
  c: Context<AppEnv>,
  render: () => Promise<{ body: string; status: 200 | 404 }>,
  contentType = "text/html; charset=utf-8",
): Promise<Response> {
  const cache = cacheOf(c.get("deps"));
  const key = `${c.get("lang")}\n${c.req.url}`;
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expires > now) return answer(c, hit);
  const { body, status } = await render();
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
  const entry: Entry = { body, etag, status, contentType, expires: now + PAGE_CACHE_MS };
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, entry);
  return answer(c, entry);
}
