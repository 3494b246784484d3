import { z } from "zod";
import { i18nTextSchema } from "../i18n/text.ts";

/**
 * How sure jcstar is of a scheme fact. `official`: an IPA, METI or UK government page says it;
 * `secondary`: a maker guide, press, law-firm or vendor page citing IPA; `unverified`: no source reached
 * (jcstar's own assumption or the seed article alone). The confidence of each fact is the one given in
 * `shared/reference/jc-star-2026.md`; a table test keeps the data files in line with it.
 */
export const CONFIDENCES = ["official", "secondary", "unverified"] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/**
 * Where a scheme fact (a criterion's text, a fee, a status, a route rule, a form field, a label-use rule)
 * comes from. Every data file of the scheme carries one of these per fact: the rule is data with a source.
 */
export const sourceRefSchema = z
  .object({
    /** Title of the document or page, as its publisher names it. */
    title: z.string().min(1),
    /** The document's own identifier, where it has one (e.g. JST-CR-01-01-2024R1). */
    documentId: z.string().min(1).optional(),
    /** A public https URL of the page or document, never a local path. */
    url: z
      .string()
      .url()
      .refine((u) => u.startsWith("https://"), "an https URL")
      .optional(),
    /** Who published it (IPA, METI, legislation.gov.uk, a maker's guide …). */
    publisher: z.string().min(1),
    /** The document's date, or the date the page was read: YYYY-MM-DD or YYYY-MM. */
    date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/),
    confidence: z.enum(CONFIDENCES),
    /** What exactly this source supports, in our own words. */
    note: i18nTextSchema.optional(),
  })
  .strict();

export type SourceRef = z.infer<typeof sourceRefSchema>;

/** True when the fact rests on no official source: the web shows an "unverified" mark beside it. */
export function needsUnverifiedMark(sources: readonly SourceRef[]): boolean {
  return !sources.some((s) => s.confidence === "official");
}
