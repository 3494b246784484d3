import { z } from "zod";
import { i18nTextSchema } from "../i18n/text.ts";
import { sourceKeysSchema, sourceRegistrySchema } from "../scheme/source-registry.ts";

/** How a criterion is evaluated: document review, a test on the real device, or both. */
export const EVALUATION_METHODS = ["document", "device", "both"] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];

/** Fields a document reference must carry (document evaluation evidence). */
export const DOCUMENT_EVIDENCE_FIELDS = [
  "documentName",
  "documentNumber",
  "documentVersion",
  "location",
  "url",
] as const;
/** Fields a device-test record must carry (device test evidence). */
export const DEVICE_EVIDENCE_FIELDS = ["recordName", "resultSummary", "testedOn", "tester"] as const;

const evidenceFieldSchema = z
  .object({
    field: z.string().min(1),
    required: z.boolean(),
    label: i18nTextSchema,
  })
  .strict();

/** One row of the EN 303 645 crosswalk: the provision (e.g. 5.3-13) and what it asks, in our words. */
export const crosswalkRowSchema = z
  .object({ provision: z.string().regex(/^\d+\.\d+-\d+$/), topic: i18nTextSchema })
  .strict();
export type CrosswalkRow = z.infer<typeof crosswalkRowSchema>;

export const criterionSchema = z
  .object({
    id: z.string().regex(/^S\d+\.\d+-\d{2}$/, "criterion id like S1.1-01"),
    category: z.string().regex(/^[a-z][a-z-]*$/),
    title: i18nTextSchema,
    summary: i18nTextSchema,
    notApplicable: z
      .object({ allowed: z.literal(true), when: i18nTextSchema })
      .strict()
      .nullable(),
    method: z.enum(EVALUATION_METHODS),
    evidence: z
      .object({
        document: z.array(evidenceFieldSchema).optional(),
        device: z.array(evidenceFieldSchema).optional(),
        hints: i18nTextSchema.optional(),
      })
      .strict(),
    crosswalk: z
      .object({
        /** jcstar's own mapping to ETSI EN 303 645 V2.1.1: one row per provision, with what it asks. */
        etsiEn303645: z.array(crosswalkRowSchema),
        ukPstiDeemedMet: z.boolean(),
        /** Sources of the mapping (required when there is a row). */
        sources: sourceKeysSchema.optional(),
      })
      .strict(),
    /** Where each fact of the criterion comes from: keys of the version's `sources`. */
    sources: z
      .object({
        requirement: sourceKeysSchema,
        method: sourceKeysSchema,
        /** Required exactly when the criterion allows N/A. */
        notApplicable: sourceKeysSchema.optional(),
        /** Required exactly when the UK PSTI route deems the criterion met. */
        ukPstiDeemedMet: sourceKeysSchema.optional(),
      })
      .strict(),
  })
  .strict();

export type Criterion = z.infer<typeof criterionSchema>;

export const categorySchema = z
  .object({ id: z.string().regex(/^[a-z][a-z-]*$/), name: i18nTextSchema })
  .strict();
export type Category = z.infer<typeof categorySchema>;

/** One checklist version: the whole data file. */
export const catalogVersionSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "version like star1-2025.05.05"),
    level: z.number().int().min(1).max(4),
    title: i18nTextSchema,
    publishedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    source: z
      .object({
        name: i18nTextSchema,
        publisher: z.string().min(1),
        url: z.string().url().optional(),
        /** The criteria document behind the checklist, named by its ID (e.g. JST-CR-01-01-2024R1, 2024-12). */
        criteriaDocument: z
          .object({
            documentId: z.string().min(1),
            date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/),
            title: i18nTextSchema,
          })
          .strict(),
        sources: sourceKeysSchema,
      })
      .strict(),
    notice: i18nTextSchema,
    /** Words of the mark shown beside a fact that rests on no official source. */
    unverifiedMark: i18nTextSchema,
    /** Says, wherever the crosswalk is shown, that it is jcstar's mapping and not an official one. */
    crosswalkNotice: i18nTextSchema,
    /** Every source the version's facts name, by key. */
    sources: sourceRegistrySchema,
    categories: z.array(categorySchema).min(1),
    criteria: z.array(criterionSchema).min(1),
  })
  .strict();

export type CatalogVersion = z.infer<typeof catalogVersionSchema>;
