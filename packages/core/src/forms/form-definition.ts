import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { i18nTextSchema } from "../i18n/text.ts";
import { SHARED_SOURCES } from "../scheme/shared-sources.ts";
import {
  parseSchemeData,
  SchemeDataError,
  sourceKeysSchema,
  unknownSourceKeys,
} from "../scheme/source-registry.ts";
import { FIELD_INPUTS } from "./field-input.ts";

/** Where a field's value comes from when it is not typed in: the product or the checklist. */
export const DERIVED_SOURCES = [
  "product.name",
  "product.modelNumbers",
  "product.category",
  "catalog.level",
] as const;
export const PREFILL_SOURCES = ["organisation.name"] as const;
/** Values that belong to a record outside the form: shown from it, and a save writes through to it. */
export const WRITE_THROUGH = ["organisation.corporateNumber"] as const;
export type WriteThrough = (typeof WRITE_THROUGH)[number];

const fieldSchema = z
  .object({
    id: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
    section: z.string().min(1),
    label: i18nTextSchema,
    required: z.boolean(),
    /** Required only when the condition holds (e.g. "proxy": a proxy applies). */
    requiredWhen: z.enum(["proxy"]).optional(),
    publishable: z.boolean(),
    /** Whether "publish on the website" starts ticked (what IPA's product page shows; see `publishNote`). */
    publishDefault: z.boolean().optional(),
    /** How a typed value is made canonical before it is checked (e.g. postal codes → NNN-NNNN). */
    input: z.enum(FIELD_INPUTS).optional(),
    maxLength: z.number().int().min(1).max(5000).optional(),
    pattern: z.string().optional(),
    prefill: z.enum(PREFILL_SOURCES).optional(),
    derived: z.enum(DERIVED_SOURCES).optional(),
    /** The value is that record's (one value for every product of the organisation), not the form's own. */
    writesTo: z.enum(WRITE_THROUGH).optional(),
    /** Where the item comes from (keys of scheme/sources.json). */
    sources: sourceKeysSchema,
  })
  .strict();

const confirmationSchema = z
  .object({
    id: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
    label: i18nTextSchema,
    when: z.enum(["noCorporateNumber"]).optional(),
    sources: sourceKeysSchema,
  })
  .strict();

export const formDefinitionSchema = z
  .object({
    version: z.string().min(1),
    note: i18nTextSchema,
    /** Why some items start as published: the scheme's public product page, with its source. */
    publishNote: z.object({ text: i18nTextSchema, sources: sourceKeysSchema }).strict(),
    /** Printed names of the product categories. */
    categories: z.record(z.string(), i18nTextSchema),
    sections: z
      .array(
        z
          .object({
            id: z.string().min(1),
            form: z.enum(["application", "power-of-attorney"]),
            title: i18nTextSchema,
            /** Where the requirement to send this part comes from. */
            sources: sourceKeysSchema,
          })
          .strict(),
      )
      .min(1),
    fields: z.array(fieldSchema).min(1),
    confirmations: z.array(confirmationSchema),
  })
  .strict();

export type FormDefinition = z.infer<typeof formDefinitionSchema>;
export type FormField = FormDefinition["fields"][number];
export type FormConfirmation = FormDefinition["confirmations"][number];

const FILE = join(dirname(fileURLToPath(import.meta.url)), "data", "application-forms.json");
let cached: FormDefinition | null = null;

/** The application-form definition (data file), validated once. */
export function applicationFormDefinition(): FormDefinition {
  if (!cached) {
    const def = parseSchemeData(FILE, formDefinitionSchema, JSON.parse(readFileSync(FILE, "utf8")));
    const problems = formProblems(def);
    if (problems.length > 0) throw new SchemeDataError(FILE, problems);
    cached = def;
  }
  return cached;
}

/** Unknown sections and unknown source keys of a form definition, as load problems. */
export function formProblems(def: FormDefinition): string[] {
  const registry = SHARED_SOURCES.sources;
  return [
    ...def.fields
      .filter((f) => !def.sections.some((s) => s.id === f.section))
      .map((f) => `fields.${f.id}.section: unknown section`),
    ...def.fields
      .filter((f) => f.publishDefault !== undefined && !f.publishable)
      .map((f) => `fields.${f.id}.publishDefault: the field is not publishable`),
    ...unknownSourceKeys(registry, def.publishNote.sources, "publishNote.sources"),
    ...def.sections.flatMap((s) => unknownSourceKeys(registry, s.sources, `sections.${s.id}.sources`)),
    ...def.fields.flatMap((f) => unknownSourceKeys(registry, f.sources, `fields.${f.id}.sources`)),
    ...def.confirmations.flatMap((c) =>
      unknownSourceKeys(registry, c.sources, `confirmations.${c.id}.sources`),
    ),
  ];
}
