import { z } from "zod";

/** The two languages every user-facing text exists in. Japanese first: it is what the scheme speaks. */
export const LANGS = ["ja", "en"] as const;
export type Lang = (typeof LANGS)[number];

/** A text in both languages. */
export type I18nText = { ja: string; en: string };

export const i18nTextSchema = z.object({ ja: z.string().min(1), en: z.string().min(1) }).strict();

/** Picks a language from an Accept-Language header (or a bare "ja"/"en"); Japanese when nothing matches. */
export function pickLang(header: string | null | undefined, fallback: Lang = "ja"): Lang {
  if (!header) return fallback;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.tag.length > 0 && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const primary = tag.split("-")[0];
    if (primary === "ja" || primary === "en") return primary;
  }
  return fallback;
}

/** Replaces `{name}` placeholders in a template. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

/** A text made in each language by the same function. */
export function bothLangs(make: (lang: Lang) => string): I18nText {
  return { ja: make("ja"), en: make("en") };
}
