import { readFileSync } from "node:fs";
import type { I18nText, Lang } from "@jcstar/core";

const TEXT = JSON.parse(readFileSync(new URL("./page-text.json", import.meta.url), "utf8")) as Record<
  string,
  I18nText
>;
export type TextKey = keyof typeof TEXT & string;

/** A page text in one language (page-text.json holds every text in ja and en). */
export function tr(lang: Lang, key: string): string {
  const text = TEXT[key];
  if (!text) throw new Error(`page text ${key} is missing`);
  return text[lang];
}

/** Escapes text for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A link inside the public pages keeping the chosen language. */
export function href(
  path: string,
  lang: Lang,
  query: Record<string, string | number | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, String(v));
  params.set("lang", lang);
  return `${path}?${params.toString()}`;
}

/** The page frame: mobile-first, no script, one stylesheet from this origin (the strict CSP stays). */
export function layout(options: {
  lang: Lang;
  title: string;
  registryName: string;
  sandbox: boolean;
  path: string;
  query?: Record<string, string | number | undefined>;
  head?: string;
  body: string;
}): string {
  const { lang } = options;
  const other: Lang = lang === "ja" ? "en" : "ja";
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(options.title)} | ${esc(options.registryName)}</title>
<link rel="stylesheet" href="/public/registry.css">
${options.head ?? ""}
</head>
<body>
<header>
<a href="${esc(href("/registry", lang))}">${esc(options.registryName)}</a>
<a href="${esc(href(options.path, other, options.query))}" lang="${other}" hreflang="${other}">${esc(tr(lang, "language"))}</a>
</header>
<main>
${options.sandbox ? `<p class="sandbox" role="note">${esc(tr(lang, "sandbox"))}</p>` : ""}
${options.body}
</main>
<footer><p>${esc(options.registryName)}</p></footer>
</body>
</html>
`;
}
