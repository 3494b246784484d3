import { z } from "zod";
import { type I18nText, i18nTextSchema, type Lang } from "../i18n/text.ts";

/**
 * The texts of an evidence row that the server writes (titles, device-test summaries, file summaries, locations),
 * in both languages: shown in the reader's language. The plain columns keep the text of the language the row was
 * written in (what rows written before this existed hold), so a reader without `texts` still sees something.
 */
export const evidenceTextsSchema = z
  .object({
    title: i18nTextSchema.optional(),
    resultSummary: i18nTextSchema.optional(),
    summary: i18nTextSchema.optional(),
    location: i18nTextSchema.optional(),
  })
  .strict();
export type EvidenceTexts = z.output<typeof evidenceTextsSchema>;

/** The `texts` column as stored (JSON, or null for rows written by people or before it existed). */
export function textsColumn(texts: EvidenceTexts | undefined): string | null {
  return texts && Object.keys(texts).length > 0 ? JSON.stringify(texts) : null;
}

/** The `texts` column read back; a value that does not parse is ignored (the plain columns stand). */
export function parseTexts(column: string | null | undefined): EvidenceTexts | null {
  if (!column) return null;
  try {
    const parsed = evidenceTextsSchema.safeParse(JSON.parse(column));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The text in a language, or the fallback (the plain column). */
export function textIn(text: I18nText | undefined, lang: Lang, fallback: string): string {
  return text?.[lang] ?? fallback;
}
