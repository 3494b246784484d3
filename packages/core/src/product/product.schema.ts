import { z } from "zod";
import { letterOrDigit } from "../i18n/letters-digits.ts";

export const PRODUCT_CATEGORIES = ["camera", "router", "home-appliance", "sensor", "other"] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];
export const ROUTES = ["standard", "psti"] as const;
export type Route = (typeof ROUTES)[number];
export const INTERFACES = [
  "ethernet",
  "wifi",
  "cellular-lpwa",
  "cellular",
  "ble",
  "zigbee",
  "usb",
  "other",
] as const;

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: "not a calendar date",
      params: { ja: "存在しない日付です。", en: "Not a calendar date." },
    },
  );

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** A letter or digit of any script first, then letters, digits and . _ - / + ( ) # — without flags (JSON Schema). */
export const MODEL_NUMBER_PATTERN = new RegExp(`^${letterOrDigit()}${letterOrDigit(" ._\\-/+()#")}*$`);

/** `pkg:<type>/`, the type in either case (explicit classes instead of the /i flag, for JSON Schema). */
export const PURL_PREFIX_PATTERN = /^[pP][kK][gG]:[a-zA-Z0-9.+-]+\//;

export const modelNumberSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(MODEL_NUMBER_PATTERN, "letters, digits and . _ - / + ( ) #")
  .meta({ id: "ModelNumberValue", example: "CAM-100" });

export const connectivitySchema = z
  .object({
    interfaces: z.array(z.enum(INTERFACES)).max(INTERFACES.length).default([]),
    closedNetwork: z.boolean().default(false),
    iotSim: z.string().trim().max(200).nullable().default(null),
    notes: z.string().trim().max(2000).nullable().default(null),
  })
  .strict();
export type Connectivity = z.output<typeof connectivitySchema>;

export const productCreateSchema = z
  .object({
    name: text(200),
    category: z.enum(PRODUCT_CATEGORIES),
    description: optionalText(5000),
    connectivity: connectivitySchema.default({
      interfaces: [],
      closedNetwork: false,
      iotSim: null,
      notes: null,
    }),
    supportEndDate: isoDateSchema.nullable().optional(),
    defaultRoute: z.enum(ROUTES).default("standard"),
    modelNumbers: z.array(modelNumberSchema).max(5000).default([]),
  })
  .strict();
export type ProductCreate = z.output<typeof productCreateSchema>;

export const productUpdateSchema = z
  .object({
    version: z.number().int().min(1),
    name: text(200).optional(),
    category: z.enum(PRODUCT_CATEGORIES).optional(),
    description: optionalText(5000),
    connectivity: connectivitySchema.optional(),
    supportEndDate: isoDateSchema.nullable().optional(),
    defaultRoute: z.enum(ROUTES).optional(),
  })
  .strict();
export type ProductUpdate = z.output<typeof productUpdateSchema>;

export const modelNumberCreateSchema = z
  .object({ modelNumber: modelNumberSchema, note: optionalText(500) })
  .strict();

export const firmwareImageCreateSchema = z
  .object({ name: text(200), description: optionalText(2000) })
  .strict();

export const firmwareReleaseCreateSchema = z
  .object({
    version: text(100),
    releasedOn: isoDateSchema,
    imageId: z.string().min(1).max(64).nullable().optional(),
    notes: optionalText(10000),
    securityFixes: z.array(text(500)).max(500).default([]),
  })
  .strict();

export const componentCreateSchema = z
  .object({
    name: text(300),
    version: optionalText(100),
    oss: z.boolean(),
    supplier: optionalText(300),
    license: optionalText(300),
    purl: z
      .string()
      .trim()
      .regex(PURL_PREFIX_PATTERN, "pkg:type/…")
      .max(1000)
      .meta({ example: "pkg:npm/lodash@4.17.21" })
      .nullable()
      .optional(),
    cpe: z
      .string()
      .trim()
      .regex(/^cpe:(2\.3:|\/)/, "cpe:2.3:…")
      .max(1000)
      .nullable()
      .optional(),
    imageId: z.string().min(1).max(64).nullable().optional(),
    releaseId: z.string().min(1).max(64).nullable().optional(),
  })
  .strict();
