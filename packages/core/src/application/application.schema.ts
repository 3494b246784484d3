import { z } from "zod";
import { letterOrDigit } from "../i18n/letters-digits.ts";
import { isoDateSchema, modelNumberSchema, ROUTES } from "../product/product.schema.ts";
import { schemeNumberSchema } from "./scheme-number.ts";
import { ACTIONS, CHANNELS } from "./transitions.ts";

const id = z.string().trim().min(1).max(64);

export const applicationCreateSchema = z
  .object({
    productId: id,
    /** Default: the product's newest assessment. */
    assessmentId: id.optional(),
    /** Default: the product's default route. */
    route: z.enum(ROUTES).optional(),
    channel: z.enum(CHANNELS).default("ipa"),
    /** Default: every model number of the product. */
    modelNumbers: z.array(modelNumberSchema).max(5000).optional(),
  })
  .strict();
export type ApplicationCreate = z.output<typeof applicationCreateSchema>;

export const applicationUpdateSchema = z
  .object({
    version: z.number().int().positive(),
    route: z.enum(ROUTES).optional(),
    channel: z.enum(CHANNELS).optional(),
    modelNumbers: z.array(modelNumberSchema).min(1).max(5000).optional(),
  })
  .strict();

/** A letter or digit of any script first, then letters, digits and . _ - / # ( ) — without flags (JSON Schema). */
export const REGISTRY_NUMBER_PATTERN = new RegExp(`^${letterOrDigit()}${letterOrDigit(" ._\\-/#()")}*$`);

const number = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(REGISTRY_NUMBER_PATTERN, "letters, digits and . _ - / # ( )")
  .meta({ id: "RegistryNumber", example: "JC-2026-0001" });

/** One step of the lifecycle, with what it brings. `version` is the application's version as read. */
export const transitionSchema = z
  .object({
    action: z.enum(ACTIONS),
    version: z.number().int().positive(),
    /** The day the step happened (default today); never before the previous step, never in the future. */
    occurredOn: isoDateSchema.optional(),
    note: z.string().trim().max(5000).optional(),
    applicationNumber: number.optional(),
    /** As IPA writes it (scheme-number.ts); on this instance's registry the registry draws its own. */
    registrationNumber: schemeNumberSchema.optional(),
    /** IPA's acceptance number (受理番号), with `accept`. */
    acceptanceNumber: schemeNumberSchema.optional(),
    /** IPA's provisional registration number (仮登録番号), with `accept`, where IPA gives one. */
    provisionalNumber: schemeNumberSchema.optional(),
    /** The label's last valid day as IPA states it (issue_label, extend); the registry's operator enters it. */
    labelExpiresOn: isoDateSchema.optional(),
    /** Evidence ids of attached correspondence (.eml, PDF…) already uploaded to the vault. */
    attachments: z.array(id).max(20).default([]),
  })
  .strict();
export type TransitionRequest = z.output<typeof transitionSchema>;
