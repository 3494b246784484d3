import { z } from "zod";

/** The kinds of document jcstar writes, each backing one ★1 criterion. */
export const DOCUMENT_KINDS = [
  "vulnerability-disclosure-policy",
  "update-procedure",
  "security-update-policy",
  "user-security-information",
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const httpsUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => u.startsWith("https://"), {
    message: "https URL",
    params: { ja: "https:// で始まる URL を入力してください。", en: "Give an https:// URL." },
  });
const nullableUrl = httpsUrl.nullable().default(null);
const bilingual = (max: number) =>
  z
    .object({ ja: z.string().trim().max(max).default(""), en: z.string().trim().max(max).default("") })
    .strict()
    .default({ ja: "", en: "" });
const days = (min: number, max: number, fallback: number) =>
  z.number().int().min(min).max(max).default(fallback);

/**
 * What the generated documents need beyond the organisation's and the product's own records, one set per product.
 * Every field has a default, so `{}` is valid: what a document requires is checked when it is published.
 */
export const documentInputsSchema = z
  .object({
    /** Short code used in document numbers (VDP → `<code>-VDP`); default: the first model number. */
    productCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, "letters, digits . _ -")
      .nullable()
      .default(null),
    contact: z
      .object({
        email: z.string().trim().email().max(254).nullable().default(null),
        formUrl: nullableUrl,
        department: bilingual(200),
        encryptionKeyUrl: nullableUrl,
      })
      .strict()
      .default({ email: null, formUrl: null, department: { ja: "", en: "" }, encryptionKeyUrl: null }),
    disclosure: z
      .object({
        policyUrl: nullableUrl,
        securityTxtUrl: nullableUrl,
        preferredLanguages: z
          .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "language tag like ja or en"))
          .min(1)
          .max(5)
          .default(["ja", "en"]),
        acknowledgeBusinessDays: days(1, 30, 5),
        statusUpdateDays: days(1, 90, 14),
        coordinatedDisclosureDays: days(7, 365, 90),
        securityTxtValidDays: days(1, 364, 180),
      })
      .strict()
      .default({
        policyUrl: null,
        securityTxtUrl: null,
        preferredLanguages: ["ja", "en"],
        acknowledgeBusinessDays: 5,
        statusUpdateDays: 14,
        coordinatedDisclosureDays: 90,
        securityTxtValidDays: 180,
      }),
    updates: z
      .object({
        app: z
          .object({ enabled: z.boolean().default(false), name: z.string().trim().max(200).default("") })
          .strict()
          .default({ enabled: false, name: "" }),
        webUi: z
          .object({ enabled: z.boolean().default(false), menuPath: bilingual(300) })
          .strict()
          .default({ enabled: false, menuPath: { ja: "", en: "" } }),
        download: z
          .object({ enabled: z.boolean().default(false), url: nullableUrl })
          .strict()
          .default({ enabled: false, url: null }),
        automatic: z.boolean().default(false),
        releaseNotesUrl: nullableUrl,
        criticalFixDays: days(1, 365, 30),
        otherFixDays: days(1, 730, 90),
        notificationChannels: bilingual(500),
      })
      .strict()
      .default({
        app: { enabled: false, name: "" },
        webUi: { enabled: false, menuPath: { ja: "", en: "" } },
        download: { enabled: false, url: null },
        automatic: false,
        releaseNotesUrl: null,
        criticalFixDays: 30,
        otherFixDays: 90,
        notificationChannels: { ja: "", en: "" },
      }),
    userInfo: z
      .object({
        supportUrl: nullableUrl,
        initialSetup: bilingual(4000),
        resetSteps: bilingual(4000),
        disposal: bilingual(4000),
      })
      .strict()
      .default({
        supportUrl: null,
        initialSetup: { ja: "", en: "" },
        resetSteps: { ja: "", en: "" },
        disposal: { ja: "", en: "" },
      }),
  })
  .strict();
export type DocumentInputs = z.output<typeof documentInputsSchema>;

/** An edit of the inputs: the whole set plus the version read (optimistic concurrency; 0 when none stored yet). */
export const documentInputsUpdateSchema = z
  .object({ version: z.number().int().min(0), data: documentInputsSchema })
  .strict();
