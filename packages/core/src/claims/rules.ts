import { z } from "zod";
import { i18nTextSchema, LANGS } from "../i18n/text.ts";
import { SHARED_SOURCES } from "../scheme/shared-sources.ts";
import {
  parseSchemeData,
  SchemeDataError,
  type SourceRegistry,
  sourceKeysSchema,
  unknownSourceKeys,
} from "../scheme/source-registry.ts";
import rulesData from "./label-use-rules.json" with { type: "json" };

/**
 * When a rule applies, from the product's application: always; while no acceptance number (受理番号) is recorded;
 * while the label is not valid (有効) — PSTI needs a *current* label; while no label is valid or in grace.
 */
export const CLAIM_CONDITIONS = ["always", "noAcceptanceNumber", "labelNotCurrent", "noValidLabel"] as const;
export type ClaimCondition = (typeof CLAIM_CONDITIONS)[number];
export const CLAIM_SEVERITIES = ["error", "warning"] as const;

const regex = z.string().refine((s) => {
  try {
    new RegExp(s, "iu");
    return true;
  } catch {
    return false;
  }
}, "a valid regular expression");
const perLang = z.object({ ja: z.array(regex), en: z.array(regex) }).strict();

const common = {
  id: z.string().regex(/^[a-z0-9-]+$/),
  severity: z.enum(CLAIM_SEVERITIES),
  when: z.enum(CLAIM_CONDITIONS),
  title: i18nTextSchema,
  explanation: i18nTextSchema,
  sources: sourceKeysSchema,
  /** A sentence matching one of these is a hit (for `number`/`date`: group 1 is the value shown). */
  patterns: perLang,
  /** A sentence matching one of these passes (a disclaimer, a negation). */
  unless: perLang,
};

export const claimRuleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("pattern"), ...common }).strict(),
  z
    .object({
      kind: z.literal("number"),
      field: z.enum(["registrationNumber", "acceptanceNumber"]),
      ...common,
    })
    .strict(),
  z.object({ kind: z.literal("date"), field: z.literal("labelExpiresOn"), ...common }).strict(),
  z.object({ kind: z.literal("model"), ...common }).strict(),
]);
export type ClaimRule = z.infer<typeof claimRuleSchema>;

const rulesFileSchema = z
  .object({ $comment: z.string().optional(), rules: z.array(claimRuleSchema).min(1) })
  .strict();

/** Parses a label-use rules file and checks that every source key is known and every id unique. */
export function parseClaimRules(file: string, data: unknown, registry: SourceRegistry): ClaimRule[] {
  const { rules } = parseSchemeData(file, rulesFileSchema, data);
  const problems = rules.flatMap((r) => unknownSourceKeys(registry, r.sources, `rules.${r.id}.sources`));
  const ids = rules.map((r) => r.id);
  problems.push(...ids.filter((id, i) => ids.indexOf(id) !== i).map((id) => `rules: duplicate id "${id}"`));
  if (problems.length > 0) throw new SchemeDataError(file, problems);
  return rules;
}

/** The label-use rules (claims/label-use-rules.json), validated when first imported. */
export const CLAIM_RULES: readonly ClaimRule[] = parseClaimRules(
  "claims/label-use-rules.json",
  rulesData,
  SHARED_SOURCES.sources,
);

/** A rule's patterns of both languages, compiled (global, case-insensitive, Unicode, with group indices). */
export function compiled(patterns: z.infer<typeof perLang>): RegExp[] {
  return LANGS.flatMap((lang) => patterns[lang].map((p) => new RegExp(p, "giud")));
}
