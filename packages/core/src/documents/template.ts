import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { type I18nText, i18nTextSchema } from "../i18n/text.ts";
import { DOCUMENT_KINDS, type DocumentKind } from "./inputs.schema.ts";

/** The folder of the document templates (data, one JSON per kind, ja and en side by side). */
export const TEMPLATE_DIR = join(dirname(fileURLToPath(import.meta.url)), "templates");

const when = z
  .string()
  .regex(/^!?[a-zA-Z.]+$/)
  .optional();
const blockSchema = z
  .object({
    when,
    p: i18nTextSchema.optional(),
    items: z.array(z.object({ when, text: i18nTextSchema }).strict()).optional(),
  })
  .strict()
  .refine((b) => !!b.p !== !!b.items, "a block is a paragraph (p) or a list (items)");

export const documentTemplateSchema = z
  .object({
    kind: z.enum(DOCUMENT_KINDS),
    /** Suffix of the document number: `<product code>-<code>`. */
    code: z.string().regex(/^[A-Z]{2,8}$/),
    criteria: z.array(z.string().regex(/^S\d+\.\d+-\d{2}$/)).min(1),
    title: i18nTextSchema,
    /** Requirement names checked before publishing (see requirements.ts). */
    requires: z.array(z.string()),
    sections: z
      .array(
        z
          .object({
            /** The anchor (`#id`) evidence points at. */
            id: z.string().regex(/^[a-z][a-z-]*$/),
            when,
            heading: i18nTextSchema,
            /** Whether the section is the basis of the document's criteria (named in the evidence location). */
            basis: z.boolean(),
            blocks: z.array(blockSchema).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type DocumentTemplate = z.output<typeof documentTemplateSchema>;

const cache = new Map<DocumentKind, DocumentTemplate>();

/** The template of a kind, validated once (a broken data file fails loudly naming the file). */
export function documentTemplate(kind: DocumentKind): DocumentTemplate {
  const hit = cache.get(kind);
  if (hit) return hit;
  const file = join(TEMPLATE_DIR, `${kind}.json`);
  const parsed = documentTemplateSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`invalid document template ${file}: ${parsed.error.message}`);
  if (parsed.data.kind !== kind) throw new Error(`${file}: kind ${parsed.data.kind} does not match its name`);
  cache.set(kind, parsed.data);
  return parsed.data;
}

let labels: Record<string, I18nText> | null = null;

/** Labels (ja/en) of the inputs a document may need, by template key (data: input-labels.json). */
export function inputLabels(): Record<string, I18nText> {
  labels ??= z
    .record(z.string(), i18nTextSchema)
    .parse(
      JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "input-labels.json"), "utf8")),
    );
  return labels;
}
