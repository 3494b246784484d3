import { z } from "zod";
import { type I18nText, i18nTextSchema } from "../i18n/text.ts";
import { ROUTES, type Route } from "../product/product.schema.ts";
import { SHARED_SOURCES } from "../scheme/shared-sources.ts";
import {
  type FactSources,
  factSources,
  parseSchemeData,
  SchemeDataError,
  type SourceRegistry,
  sourceKeysSchema,
  unknownSourceKeys,
} from "../scheme/source-registry.ts";
import feesData from "./fees.json" with { type: "json" };

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const feeTableSchema = z.object({
  currency: z.literal("JPY"),
  taxIncluded: z.boolean(),
  note: i18nTextSchema.optional(),
  /** Sources of the table itself (currency, tax included). */
  sources: sourceKeysSchema,
  fees: z
    .array(
      z.object({
        level: z.number().int().min(1).max(4),
        route: z.enum(ROUTES),
        from: date.nullable(),
        until: date.nullable(),
        amount: z.number().int().positive(),
        label: z.object({ ja: z.string(), en: z.string() }),
        /** Where this fee comes from: keys of scheme/sources.json. */
        sources: sourceKeysSchema,
      }),
    )
    .min(1),
  /**
   * Extension (更新) fees, dated like the others. `amount: null` with `toBeConfirmed: true` where no source gives
   * the amount: shown as "to be confirmed", never as a number of ours.
   */
  extensions: z
    .array(
      z
        .object({
          level: z.number().int().min(1).max(4),
          from: date.nullable(),
          until: date.nullable(),
          amount: z.number().int().positive().nullable(),
          toBeConfirmed: z.boolean(),
          label: z.object({ ja: z.string(), en: z.string() }),
          /** Keys of scheme/sources.json. */
          sources: sourceKeysSchema,
        })
        .strict()
        .refine((f) => (f.amount === null) === f.toBeConfirmed, "amount null exactly when toBeConfirmed"),
    )
    .default([]),
});
export type FeeTable = z.output<typeof feeTableSchema>;

/** Parses a fee table and checks every source key against the registry (SchemeDataError otherwise). */
export function parseFeeTable(file: string, data: unknown, registry: SourceRegistry): FeeTable {
  const table = parseSchemeData(file, feeTableSchema, data);
  const problems = [
    ...unknownSourceKeys(registry, table.sources, "sources"),
    ...table.fees.flatMap((f, i) => unknownSourceKeys(registry, f.sources, `fees.${i}.sources`)),
    ...table.extensions.flatMap((f, i) => unknownSourceKeys(registry, f.sources, `extensions.${i}.sources`)),
  ];
  if (problems.length > 0) throw new SchemeDataError(file, problems);
  return table;
}

/** The fee table shipped with jcstar (fees.json), validated when first read. */
export const FEE_TABLE: FeeTable = parseFeeTable("application/fees.json", feesData, SHARED_SOURCES.sources);

export type Fee = {
  amount: number;
  currency: "JPY";
  taxIncluded: boolean;
  label: I18nText;
  /** The date the fee was chosen by: the submission (receipt) date, or today before submission. */
  basis: string;
  estimated: boolean;
} & FactSources;

/**
 * The fee of an application (pure): the first row of the table for its ★ level and route whose dates
 * (inclusive) hold the date IPA received it. Before submission, `today` stands in and the fee is an estimate.
 */
export function feeFor(
  input: { level?: number; route: Route; submittedOn: string | null; today: string },
  table: FeeTable = FEE_TABLE,
): Fee | null {
  const basis = input.submittedOn ?? input.today;
  const row = table.fees.find(
    (f) =>
      f.level === (input.level ?? 1) &&
      f.route === input.route &&
      (f.from === null || f.from <= basis) &&
      (f.until === null || basis <= f.until),
  );
  if (!row) return null;
  return {
    amount: row.amount,
    currency: table.currency,
    taxIncluded: table.taxIncluded,
    label: row.label,
    basis,
    estimated: input.submittedOn === null,
    ...factSources(SHARED_SOURCES.sources, row.sources, SHARED_SOURCES.unverifiedMark),
  };
}

export type ExtensionFee = FeeTable["extensions"][number];

/** The extension fee row for a ★ level on a date (inclusive), or null when the table has none. */
export function extensionFeeFor(
  input: { level?: number; on: string },
  table: FeeTable = FEE_TABLE,
): ExtensionFee | null {
  return (
    table.extensions.find(
      (f) =>
        f.level === (input.level ?? 1) &&
        (f.from === null || f.from <= input.on) &&
        (f.until === null || input.on <= f.until),
    ) ?? null
  );
}
