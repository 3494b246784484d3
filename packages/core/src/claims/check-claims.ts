import type { IpaLabelStatus } from "../application/lifecycle.ts";
import type { I18nText } from "../i18n/text.ts";
import { SHARED_SOURCES } from "../scheme/shared-sources.ts";
import type { SourceRef } from "../scheme/source-ref.ts";
import { factSources } from "../scheme/source-registry.ts";
import { parseShownDate } from "./claim-dates.ts";
import { CLAIM_RULES, type ClaimCondition, type ClaimRule, compiled } from "./rules.ts";
import { type Sentence, splitSentences } from "./sentences.ts";

/** What the checker knows of the product: from its application (numbers, label status, expiry, models). */
export type ClaimsContext = {
  acceptanceNumber: string | null;
  registrationNumber: string | null;
  labelStatus: IpaLabelStatus | null;
  labelExpiresOn: string | null;
  /** Model numbers the label covers (the application's), and every model number of the product. */
  labelledModels: string[];
  productModels: string[];
};

type Span = { start: number; end: number; text: string };

/** One sentence that breaks one rule: where, which rule, why, and the rule's sources. */
export type ClaimFinding = {
  ruleId: string;
  severity: ClaimRule["severity"];
  title: I18nText;
  explanation: I18nText;
  sources: SourceRef[];
  unverifiedMark: I18nText | null;
  sentence: Span;
  match: Span;
  /** For a number or a date: what the record says (null: nothing recorded). */
  expected: string | null;
};

const applies: Record<ClaimCondition, (c: ClaimsContext) => boolean> = {
  always: () => true,
  noAcceptanceNumber: (c) => c.acceptanceNumber === null,
  labelNotCurrent: (c) => c.labelStatus !== "valid",
  noValidLabel: (c) => c.labelStatus !== "valid" && c.labelStatus !== "grace",
};

type Hit = { start: number; end: number; expected: string | null };

/** Group 1 of a match, or the whole match, as offsets within the sentence. */
function valueSpan(m: RegExpExecArray): { start: number; end: number; value: string } {
  const g = m.indices?.[1];
  if (g && m[1] !== undefined) return { start: g[0], end: g[1], value: m[1] };
  return { start: m.index, end: m.index + m[0].length, value: m[0] };
}

function patternHits(rule: ClaimRule, text: string): Hit[] {
  for (const re of compiled(rule.patterns)) {
    const m = re.exec(text);
    if (m) return [{ start: m.index, end: m.index + m[0].length, expected: null }];
  }
  return [];
}

/** A shown number or date that differs from the record (or is shown while nothing is recorded). */
function valueHits(rule: ClaimRule, text: string, context: ClaimsContext): Hit[] {
  if (rule.kind !== "number" && rule.kind !== "date") return [];
  const recorded = context[rule.field];
  const hits: Hit[] = [];
  for (const re of compiled(rule.patterns)) {
    for (const m of text.matchAll(re)) {
      const v = valueSpan(m);
      const shown = v.value.replace(/[.。]+$/u, "");
      const normal = rule.kind === "number" ? shown.normalize("NFC") : parseShownDate(shown);
      if (normal === null || (rule.kind === "number" && !/\d/.test(shown))) continue;
      if (recorded !== null && normal === recorded.normalize("NFC")) continue;
      // A number written as IPA writes it may hold spaces ("JC-STAR ★1 第0001号"): shown in full, it is the same.
      if (
        rule.kind === "number" &&
        recorded &&
        text.slice(v.start).normalize("NFC").startsWith(recorded.normalize("NFC"))
      )
        continue;
      hits.push({ start: v.start, end: v.start + shown.length, expected: recorded });
    }
  }
  return hits;
}

/** A model number of the product that the label does not cover, named in a sentence about the label. */
function modelHits(rule: ClaimRule, text: string, context: ClaimsContext): Hit[] {
  if (context.labelledModels.length === 0 || !compiled(rule.patterns).some((re) => re.test(text))) return [];
  const hits: Hit[] = [];
  for (const model of context.productModels) {
    if (context.labelledModels.includes(model)) continue;
    let from = text.indexOf(model);
    while (from >= 0) {
      const before = text[from - 1] ?? " ";
      const after = text[from + model.length] ?? " ";
      if (!/[A-Za-z0-9-]/.test(before) && !/[A-Za-z0-9-]/.test(after))
        hits.push({ start: from, end: from + model.length, expected: context.labelledModels.join(", ") });
      from = text.indexOf(model, from + model.length);
    }
  }
  return hits;
}

function hitsOf(rule: ClaimRule, s: Sentence, context: ClaimsContext): Hit[] {
  if (!applies[rule.when](context)) return [];
  if (compiled(rule.unless).some((re) => re.test(s.text))) return [];
  if (rule.kind === "pattern") return patternHits(rule, s.text);
  if (rule.kind === "model") return modelHits(rule, s.text, context);
  return valueHits(rule, s.text, context);
}

/**
 * Checks marketing text (ja/en, mixed) against the label-use rules: every sentence that breaks a rule, with
 * the rule, the place (offsets into `text`), a ja/en explanation and the rule's sources. Pure: the context
 * comes from the product's application.
 */
export function checkClaims(
  text: string,
  context: ClaimsContext,
  rules: readonly ClaimRule[] = CLAIM_RULES,
): ClaimFinding[] {
  const findings: ClaimFinding[] = [];
  for (const s of splitSentences(text)) {
    for (const rule of rules) {
      for (const h of hitsOf(rule, s, context)) {
        const start = s.start + h.start;
        const end = s.start + h.end;
        findings.push({
          ruleId: rule.id,
          severity: rule.severity,
          title: rule.title,
          explanation: rule.explanation,
          ...factSources(SHARED_SOURCES.sources, rule.sources, SHARED_SOURCES.unverifiedMark),
          sentence: s,
          match: { start, end, text: text.slice(start, end) },
          expected: h.expected,
        });
      }
    }
  }
  return findings;
}
