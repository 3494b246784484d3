import { en } from "../apps/web/src/i18n/en.ts";
import { ja } from "../apps/web/src/i18n/ja.ts";

export type Lang = "ja" | "en";

/** A text of the web app's catalog in the journey's language, so the journey finds what a person reads. */
export function tx(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  let node: unknown = lang === "ja" ? ja : en;
  for (const part of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== "string") throw new Error(`no text ${key}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, v: string) => String(vars[v] ?? `{{${v}}}`));
}
