import type { jaClaims } from "./ja-claims.ts";

/** English texts of the claims checker and the "unverified" mark (part of en.ts). */
export const enClaims: typeof jaClaims = {
  claimsPage: {
    link: "Check marketing claims",
    title: "Check the marketing claims of {{name}}",
    help: "Paste marketing text or product-page copy: each sentence that breaks a label-use rule (no suggestion of complete security, of no vulnerabilities or of endorsement; no 'application pending' before the acceptance number; and more) is shown with the rule and its source. The rules also apply to promotion without the label.",
    paste: "Paste text and check",
    textLabel: "Marketing text (Japanese or English)",
    textHint: "Up to 20,000 characters. Nothing is stored.",
    check: "Check",
    checkDocument: "Check the generated user security information",
    results: "Results",
    resultsDocument: "Results (user security information)",
    noFindings: "No sentence breaks a rule.",
    findingCount: "Places that may break a rule: {{count}}",
    none: "none recorded",
    noLabel: "no label",
    expiry: "Label expiry",
    labelledModels: "Model numbers the label covers",
    expected: "What the record says: {{value}}",
    source: "Source:",
    severity: { error: "breaks a rule", warning: "check" },
  },
  sources: {
    confidence: { official: "official", secondary: "secondary", unverified: "unverified" },
  },
};
