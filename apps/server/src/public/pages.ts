import { readFileSync } from "node:fs";
import { createRoute, z } from "@hono/zod-openapi";
import {
  type Lang,
  labelPageView,
  labelSearchSchema,
  productPageView,
  publicJwks,
  REGISTRATION_NUMBER_PATTERN,
  readRegistrySettings,
  searchLabels,
} from "@jcstar/core";
import type { Context, MiddlewareHandler } from "hono";
import type { App, AppDeps, AppEnv } from "../app-env.ts";
import { ROUTE_POLICY } from "../auth/route-policy.ts";
import { requestLang } from "../error-handler.ts";
import { cachedResponse } from "./cache.ts";
import { esc, href, layout, tr } from "./html.ts";
import { cachedPage } from "./page-cache.ts";
import { labelFacts, labelList, pager, productInfo, searchForm, verificationLinks } from "./render.ts";

const page = (path: string, summary: string, params?: string) =>
  createRoute({
    method: "get",
    path,
    tags: ["public pages"],
    summary,
    ...(params
      ? {
          request: {
            params: z.object({
              [params]: z
                .string()
                .max(200)
                .openapi({ param: { name: params, in: "path" } }),
            }),
          },
        }
      : {}),
    responses: {
      200: {
        description: "HTML (ja/en by ?lang= or Accept-Language), ETag, Cache-Control",
        content: { "text/html": { schema: z.string() } },
      },
      404: { description: "Not found (HTML)", content: { "text/html": { schema: z.string() } } },
    },
  });
const routes = {
  css: page("/public/registry.css", "Stylesheet of the public pages"),
  js: page(
    "/public/registry-search.js",
    "Search script of the registry list page (acts only on a static copy, docs/static-registry.md)",
  ),
  jwks: page(
    "/.well-known/jwks.json",
    "The registry's label signing keys (JWKS, active and retired) / 署名鍵",
  ),
  list: page("/registry", "Registry search and list page (?q=&status=&page=) / 登録簿の検索・一覧"),
  label: page(
    "/registry/{registrationNumber}",
    "Public page of a label (what the QR code opens) / ラベルの公開ページ",
    "registrationNumber",
  ),
  product: page(
    "/p/{slug}",
    "The maker's product security information page / 製品セキュリティ情報ページ",
    "slug",
  ),
};

const CSS = readFileSync(new URL("./registry.css", import.meta.url), "utf8");
const SEARCH_JS = readFileSync(new URL("./registry-search.js", import.meta.url), "utf8");

async function frame(c: Context<AppEnv>) {
  const deps = c.get("deps");
  const lang: Lang = c.get("lang");
  const settings = await readRegistrySettings(deps.db);
  return { deps, lang, settings, registryName: settings.registryName[lang] };
}

async function notFound(c: Context<AppEnv>): Promise<{ body: string; status: 404 }> {
  const { lang, settings, registryName } = await frame(c);
  const html = layout({
    lang,
    title: tr(lang, "notFound"),
    registryName,
    sandbox: settings.sandbox,
    path: "/registry",
    body: `<h1>${esc(tr(lang, "notFound"))}</h1><p>${esc(tr(lang, "notFoundText"))}</p>`,
  });
  return { body: html, status: 404 };
}

/** Where the public pages live (outside /api). */
export const PUBLIC_PAGE_PATHS = ["/registry", "/registry/*", "/p/*", "/.well-known/*", "/public/*"];

/**
 * The context of a public page: no caller is looked up (no page depends on who asks, and none sets a cookie),
 * only the language. Every page route must be `public` in the route → role matrix: checked when the app is built,
 * so a page can never be added without its line (the route-matrix test checks the lines).
 */
export function publicPageContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  for (const route of Object.values(routes)) {
    const key = `GET ${route.path.replace(/\{(\w+)\}/g, ":$1")}`;
    if (ROUTE_POLICY[key]?.kind !== "public")
      throw new Error(`public page ${key} is not public in route-policy.ts`);
  }
  return async (c, next) => {
    c.set("deps", deps);
    c.set("lang", requestLang(c));
    c.set("caller", { kind: "anonymous" });
    c.set("instanceRole", "none");
    c.set("orgRole", null);
    await next();
  };
}

/**
 * Public, server-rendered pages (no JavaScript): the registry search/list, one page per registration
 * number (what the QR code opens), the maker's product security information page, the key set.
 */
export function registerPublicPages(app: App): void {
  app.openapi(
    routes.css,
    (c) => cachedPage(c, async () => ({ body: CSS, status: 200 }), "text/css; charset=utf-8") as never,
  );

  app.openapi(
    routes.js,
    (c) =>
      cachedPage(
        c,
        async () => ({ body: SEARCH_JS, status: 200 }),
        "text/javascript; charset=utf-8",
      ) as never,
  );

  app.openapi(
    routes.jwks,
    async (c) =>
      cachedResponse(
        c,
        JSON.stringify(await publicJwks(c.get("deps").db)),
        "application/jwk-set+json",
      ) as never,
  );

  app.openapi(
    routes.list,
    (c) =>
      cachedPage(c, async () => {
        const { deps, lang, settings, registryName } = await frame(c);
        const parsed = labelSearchSchema.safeParse(c.req.query());
        const input = parsed.success ? parsed.data : { page: 1, limit: 20 };
        const result = await searchLabels(deps.db, input, deps.now());
        const query = { q: input.q, status: input.status };
        const html = layout({
          lang,
          title: tr(lang, "registry"),
          registryName,
          sandbox: settings.sandbox,
          path: "/registry",
          query,
          // Searches a static copy of the registry; on the app the page already matches its URL (no-op).
          head: '<script src="/public/registry-search.js" defer></script>',
          body: `<h1>${esc(tr(lang, "registry"))}</h1>
${searchForm(lang, input.q ?? "", input.status)}
${labelList(lang, result.items)}
${pager(lang, result, query)}
<p>${esc(tr(lang, "export"))}: <a href="/api/registry/export?format=json">JSON</a> · <a href="/api/registry/export?format=csv">CSV</a></p>`,
        });
        return { body: html, status: 200 as const };
      }) as never,
  );

  app.openapi(
    routes.label,
    (c) =>
      cachedPage(c, async () => {
        const registrationNumber = c.req.param("registrationNumber") ?? "";
        if (!REGISTRATION_NUMBER_PATTERN.test(registrationNumber)) return notFound(c);
        const { deps, lang, settings, registryName } = await frame(c);
        const view = await labelPageView(deps.db, registrationNumber, deps.now());
        if (!view) return notFound(c);
        const { label, info, productPage } = view;
        const payload = `/api/registry/labels/${encodeURIComponent(label.registrationNumber)}/payload`;
        const html = layout({
          lang,
          title: `${label.registrationNumber} ${label.product}`,
          registryName,
          sandbox: settings.sandbox,
          path: `/registry/${encodeURIComponent(label.registrationNumber)}`,
          head: `<link rel="alternate" type="application/jose" href="${esc(payload)}">`,
          body: `<h1>${esc(label.product)}</h1>
${labelFacts(lang, label)}
${info ? `<h2>${esc(tr(lang, "productInfo"))}</h2>${productInfo(lang, info, false)}` : ""}
${productPage ? `<p><a href="${esc(href(productPage, lang))}">${esc(tr(lang, "productPage"))}</a></p>` : ""}
${verificationLinks(lang, label.registrationNumber)}`,
        });
        return { body: html, status: 200 as const };
      }) as never,
  );

  app.openapi(
    routes.product,
    (c) =>
      cachedPage(c, async () => {
        const slug = c.req.param("slug") ?? "";
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(slug)) return notFound(c);
        const { deps, lang, settings, registryName } = await frame(c);
        const info = await productPageView(deps.db, slug, deps.now());
        if (!info) return notFound(c);
        const labels =
          info.labels === undefined
            ? ""
            : `<h2>${esc(tr(lang, "labels"))}</h2>${info.labels.length > 0 ? labelList(lang, info.labels) : `<p>${esc(tr(lang, "noLabel"))}</p>`}`;
        const html = layout({
          lang,
          title: info.product,
          registryName,
          sandbox: settings.sandbox && info.labels !== undefined,
          path: `/p/${slug}`,
          body: `<h1>${esc(info.product)}</h1>
<h2>${esc(tr(lang, "productInfo"))}</h2>
${productInfo(lang, info)}
${labels}`,
        });
        return { body: html, status: 200 as const };
      }) as never,
  );
}
