import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { setApiLanguage } from "../api/client.ts";
import type { I18nText, Lang } from "../api/types.ts";
import { en } from "./en.ts";
import { ja } from "./ja.ts";

const LANG_KEY = "jcstar.lang";

/** Japanese when the browser prefers Japanese over English (or the user chose it), otherwise English. */
export function detectLanguage(languages: readonly string[], stored: string | null): Lang {
  if (stored === "ja" || stored === "en") return stored;
  for (const tag of languages) {
    const primary = tag.toLowerCase().split("-")[0];
    if (primary === "ja") return "ja";
    if (primary === "en") return "en";
  }
  return "en";
}

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null;
  }
}

export function initI18n(): typeof i18n {
  const lng = detectLanguage(navigator.languages ?? [navigator.language], storedLanguage());
  void i18n.use(initReactI18next).init({
    resources: { ja: { translation: ja }, en: { translation: en } },
    lng,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyLanguage(lng);
  i18n.on("languageChanged", (l) => applyLanguage(l as Lang));
  return i18n;
}

function applyLanguage(lang: Lang): void {
  setApiLanguage(lang);
  document.documentElement.lang = lang;
}

export function changeLanguage(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // storage may be unavailable; the choice then lasts for this page only
  }
  void i18n.changeLanguage(lang);
}

/** Picks the current language's side of a catalog text. */
export function pick(text: I18nText | null | undefined, lang: string): string {
  if (!text) return "";
  return lang === "en" ? text.en : text.ja;
}
