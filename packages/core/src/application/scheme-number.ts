import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * Numbers the scheme gives (IPA's registration number, acceptance number 受理番号, provisional registration
 * number 仮登録番号) are stored exactly as IPA writes them: no format of ours is imposed, since IPA publishes none.
 * Only what can never be part of a printed number is refused. A number this instance's own registry issues keeps
 * the strict pattern of labels/registration-number.ts (it is used in URLs); a scheme number never is — URLs and
 * file names use `schemeNumberKey()`.
 */
export const SCHEME_NUMBER_MAX = 64;

/**
 * Characters refused anywhere in a scheme number: control (Cc), format (Cf: bidi controls and isolates,
 * zero-width characters, BOM), line and paragraph separators, surrogates, private use and unassigned code points,
 * and any space other than U+0020.
 */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]|[^\P{Zs} ]/u;

export type SchemeNumberProblem = "empty" | "tooLong" | "forbidden";

/** NFC, with leading and trailing U+0020 spaces dropped: the form a scheme number is stored and compared in. */
export function normalizeSchemeNumber(raw: string): string {
  return raw.normalize("NFC").replace(/^ +| +$/g, "");
}

/** What is wrong with a (normalised) scheme number, or null when it may be stored. */
export function schemeNumberProblem(value: string): SchemeNumberProblem | null {
  if (value.length === 0) return "empty";
  if (FORBIDDEN.test(value)) return "forbidden";
  if ([...value].length > SCHEME_NUMBER_MAX) return "tooLong";
  return null;
}

const MESSAGES: Record<SchemeNumberProblem, string> = {
  empty: "a number is required",
  tooLong: `at most ${SCHEME_NUMBER_MAX} characters`,
  forbidden: "printable characters only (no control, bidi or zero-width characters)",
};

/** The request field of a scheme number: normalised (NFC, outer spaces dropped), then checked. */
export const schemeNumberSchema = z
  .string()
  .max(SCHEME_NUMBER_MAX * 4)
  .overwrite(normalizeSchemeNumber)
  .superRefine((value, ctx) => {
    const problem = schemeNumberProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: MESSAGES[problem] });
  })
  .meta({ id: "SchemeNumber", example: "JC-STAR ★1 第0001号", description: "As IPA writes it (NFC, ≤ 64)" });

/**
 * A key safe in URLs and file names, derived from a scheme number: its ASCII letters, digits and hyphens
 * (others become `_`, at most 40) and the first 12 hex digits of the SHA-256 of the stored (NFC) number —
 * so two numbers that look alike never share a key. Never put the raw number in a URL or file name.
 */
export function schemeNumberKey(value: string): string {
  const stored = normalizeSchemeNumber(value);
  const slug = stored
    .replace(/[^A-Za-z0-9-]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
  const hash = createHash("sha256").update(stored, "utf8").digest("hex").slice(0, 12);
  return slug ? `${slug}-${hash}` : hash;
}
