import type { Bilingual } from "./types.ts";

/** A bilingual text: `text("日本語", "English")`. */
export function text(ja: string, en: string): Bilingual {
  return { ja, en };
}
