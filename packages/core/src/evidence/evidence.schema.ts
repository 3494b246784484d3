import { z } from "zod";
import { isoDateSchema } from "../product/product.schema.ts";

export const EVIDENCE_TYPES = ["document", "device_test"] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** A document reference: the document, its number and version, and where the basis is (page/chapter or URL). */
export const documentEvidenceSchema = z
  .object({
    type: z.literal("document"),
    title: optionalText(300),
    documentName: text(300),
    documentNumber: optionalText(100),
    documentVersion: optionalText(100),
    location: optionalText(300),
    url: z.string().trim().url().max(2000).nullable().optional(),
    notes: optionalText(5000),
  })
  .strict()
  .refine((d) => !!d.location || !!d.url, {
    path: ["location"],
    message: "location or url required",
    params: {
      ja: "根拠の記載箇所（ページ・章）または URL を入力してください。",
      en: "Give where the basis is written: page/chapter or a URL.",
    },
  });

/** A device-test record: what was recorded (photo, video, screenshot, log), the result, when and by whom. */
export const deviceTestEvidenceSchema = z
  .object({
    type: z.literal("device_test"),
    title: optionalText(300),
    recordName: text(300),
    resultSummary: text(5000),
    testedOn: isoDateSchema,
    tester: text(200),
    notes: optionalText(5000),
  })
  .strict();

export const evidenceCreateSchema = z.discriminatedUnion("type", [
  documentEvidenceSchema,
  deviceTestEvidenceSchema,
]);
export type EvidenceCreate = z.output<typeof evidenceCreateSchema>;
