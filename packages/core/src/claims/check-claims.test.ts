import { describe, expect, it } from "vitest";
import { z } from "zod";
import { IPA_LABEL_STATUSES } from "../application/lifecycle.ts";
import { SHARED_SOURCES } from "../scheme/shared-sources.ts";
import { SchemeDataError } from "../scheme/source-registry.ts";
import { type ClaimsContext, checkClaims } from "./check-claims.ts";
import { parseShownDate } from "./claim-dates.ts";
import { CLAIM_RULES, parseClaimRules } from "./rules.ts";
import { splitSentences } from "./sentences.ts";
import corpusData from "./test-fixtures/claims-corpus.json" with { type: "json" };

const contextSchema = z.object({
  acceptanceNumber: z.string().nullable(),
  registrationNumber: z.string().nullable(),
  labelStatus: z.enum(IPA_LABEL_STATUSES).nullable(),
  labelExpiresOn: z.string().nullable(),
  labelledModels: z.array(z.string()),
  productModels: z.array(z.string()),
});
const corpus = z
  .object({
    $comment: z.string(),
    contexts: z.record(z.string(), contextSchema),
    cases: z.array(
      z.object({
        lang: z.enum(["ja", "en"]),
        context: z.string(),
        text: z.string(),
        expect: z.array(z.string()),
      }),
    ),
  })
  .parse(corpusData);

function contextOf(name: string): ClaimsContext {
  const c = corpus.contexts[name];
  if (!c) throw new Error(`no context ${name}`);
  return c;
}

describe("claims corpus, sentence by sentence", () => {
  it("holds at least 20 sentences in each language, good and bad", () => {
    for (const lang of ["ja", "en"] as const) {
      const cases = corpus.cases.filter((c) => c.lang === lang);
      expect(cases.length).toBeGreaterThanOrEqual(10);
      expect(cases.some((c) => c.expect.length === 0)).toBe(true);
      expect(cases.some((c) => c.expect.length > 0)).toBe(true);
    }
    expect(corpus.cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(corpus.cases.map((c) => [`${c.context}: ${c.text}`, c] as const))("%s", (_, c) => {
    const findings = checkClaims(c.text, contextOf(c.context));
    expect(findings.map((f) => f.ruleId).sort()).toEqual([...c.expect].sort());
    for (const f of findings) {
      expect(c.text.slice(f.match.start, f.match.end)).toBe(f.match.text);
      expect(f.match.text.length).toBeGreaterThan(0);
      expect(f.sources.length).toBeGreaterThan(0);
    }
  });

  it("covers every rule with a sentence that breaks it", () => {
    const broken = new Set(corpus.cases.flatMap((c) => c.expect));
    expect(CLAIM_RULES.map((r) => r.id).filter((id) => !broken.has(id))).toEqual([]);
  });
});

describe("checkClaims", () => {
  const labelled = contextOf("labelled");

  it("places each finding in the pasted text and names the rule's sources and their confidence", () => {
    const text =
      "安心してお使いください。\n本製品は完全なセキュリティを実現しています。Also vulnerability-free!";
    const findings = checkClaims(text, labelled);
    expect(findings.map((f) => [f.ruleId, f.match.text])).toEqual([
      ["no-complete-security", "完全なセキュリティ"],
      ["no-vulnerability-free", "vulnerability-free"],
    ]);
    const first = findings[0];
    expect(first?.sentence.text).toBe("本製品は完全なセキュリティを実現しています。");
    expect(first?.sources[0]?.url).toBe("https://www.ipa.go.jp/security/jc-star/guidance/");
    expect(first?.unverifiedMark).toBeNull();
  });

  it("marks a rule with no official source (the pre-acceptance rule is secondary)", () => {
    const [f] = checkClaims("申請中です。", contextOf("none"));
    expect(f?.sources.map((s) => s.confidence)).toEqual(["secondary"]);
    expect(f?.unverifiedMark).toEqual(SHARED_SOURCES.unverifiedMark);
  });

  it("flags 申請中 only while no acceptance number is recorded", () => {
    expect(checkClaims("JC-STAR★1を申請中です。", contextOf("none"))).toHaveLength(1);
    expect(checkClaims("JC-STAR★1を申請中です。", contextOf("accepted"))).toHaveLength(0);
  });

  it("says what the record holds when a shown number differs, and flags a number shown while none is recorded", () => {
    const [f] = checkClaims("Registration number: JCS-2026-000999.", labelled);
    expect(f?.expected).toBe("JCS-2026-000123");
    expect(f?.match.text).toBe("JCS-2026-000999");
    const [g] = checkClaims("登録番号: JCS-2026-000123", contextOf("accepted"));
    expect(g?.ruleId).toBe("registration-number-as-recorded");
    expect(g?.expected).toBeNull();
  });

  it("compares numbers in NFC, as they are stored", () => {
    const ctx = { ...labelled, registrationNumber: "JCS-カ\u3099-1" };
    expect(checkClaims("登録番号: JCS-ガ-1", ctx)).toEqual([]);
    expect(checkClaims("登録番号: JCS-ガ-2です。", ctx).map((f) => f.match.text)).toEqual(["JCS-ガ-2"]);
  });
});

describe("rules data", () => {
  it("rejects a rule naming an unknown source, and a pattern that is no regular expression", () => {
    const rule = { ...CLAIM_RULES[0], sources: ["no-such-source"] };
    expect(() => parseClaimRules("x.json", { rules: [rule] }, SHARED_SOURCES.sources)).toThrow(
      SchemeDataError,
    );
    const bad = { ...CLAIM_RULES[0], patterns: { ja: ["(unclosed"], en: [] } };
    expect(() => parseClaimRules("x.json", { rules: [bad] }, SHARED_SOURCES.sources)).toThrow(
      /regular expression/,
    );
  });
});

describe("sentences and dates", () => {
  it("splits at 。 and full stops before a space, not after 'no.' or inside a date", () => {
    expect(splitSentences("A. Registration no. X-1 valid until 2028.03.31. 次。").map((s) => s.text)).toEqual(
      ["A.", "Registration no. X-1 valid until 2028.03.31.", "次。"],
    );
  });

  it("reads the date forms marketing text uses, and no impossible day", () => {
    for (const d of ["2028-03-31", "2028/3/31", "2028年3月31日", "31 March 2028", "March 31, 2028"])
      expect(parseShownDate(d), d).toBe("2028-03-31");
    expect(parseShownDate("2028-02-30")).toBeNull();
  });
});
