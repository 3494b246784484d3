import type { I18nText } from "../i18n/text.ts";
import type { DocumentInputs } from "./inputs.schema.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** An RFC 9116 security.txt from the disclosure inputs; Expires = publication + the validity chosen (< 1 year). */
export function buildSecurityTxt(inputs: DocumentInputs, publishedAt: Date): string {
  const contacts = [
    inputs.contact.email ? `mailto:${inputs.contact.email}` : null,
    inputs.contact.formUrl,
  ].filter((c): c is string => !!c);
  const expires = new Date(publishedAt.getTime() + inputs.disclosure.securityTxtValidDays * DAY_MS);
  expires.setUTCMilliseconds(0);
  const lines = [
    "# Security contact for vulnerability reports (RFC 9116).",
    ...contacts.map((c) => `Contact: ${c}`),
    `Expires: ${expires.toISOString().replace(".000Z", "Z")}`,
    ...(inputs.contact.encryptionKeyUrl ? [`Encryption: ${inputs.contact.encryptionKeyUrl}`] : []),
    ...(inputs.disclosure.policyUrl ? [`Policy: ${inputs.disclosure.policyUrl}`] : []),
    `Preferred-Languages: ${inputs.disclosure.preferredLanguages.join(", ")}`,
    ...(inputs.disclosure.securityTxtUrl ? [`Canonical: ${inputs.disclosure.securityTxtUrl}`] : []),
  ];
  return `${lines.join("\n")}\n`;
}

export type SecurityTxtProblem = { line: number | null; field: string | null; message: I18nText };

const KNOWN_ONCE = new Set(["expires", "preferred-languages"]);
const URI_FIELDS = new Set([
  "contact",
  "policy",
  "canonical",
  "encryption",
  "acknowledgments",
  "hiring",
  "csaf",
]);
/** RFC 3339 date-time (as RFC 9116 requires for Expires). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const LANG_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/**
 * Checks a security.txt against RFC 9116: `Field: value` lines or comments; at least one Contact (a URI);
 * exactly one Expires in RFC 3339, in the future and less than a year ahead; Preferred-Languages at most once
 * with language tags; web URIs (Contact, Policy, Canonical…) over https. Unknown fields are allowed.
 */
export function validateSecurityTxt(text: string, now: Date): SecurityTxtProblem[] {
  const problems: SecurityTxtProblem[] = [];
  const counts = new Map<string, number>();
  const add = (line: number | null, field: string | null, ja: string, en: string) =>
    problems.push({ line, field, message: { ja, en } });
  if (text.length > 32_768) add(null, null, "ファイルが大きすぎます。", "The file is too large.");
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const n = index + 1;
    const line = raw.trimEnd();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([A-Za-z0-9-]+):[ \t]*(.*)$/.exec(line);
    if (!m) {
      add(n, null, "「項目名: 値」の形式ではありません。", "Not a `Field: value` line.");
      continue;
    }
    const field = (m[1] as string).toLowerCase();
    const value = (m[2] as string).trim();
    counts.set(field, (counts.get(field) ?? 0) + 1);
    if (!value) add(n, field, "値が空です。", "The value is empty.");
    else if (URI_FIELDS.has(field)) {
      let url: URL | null = null;
      try {
        url = new URL(value);
      } catch {
        add(n, field, "URI ではありません。", "Not a URI.");
      }
      if (url && field === "contact" && !["mailto:", "https:", "tel:"].includes(url.protocol))
        add(
          n,
          field,
          "Contact は mailto:、https:、tel: の URI にしてください。",
          "Contact must be a mailto:, https: or tel: URI.",
        );
      else if (url && field !== "contact" && url.protocol !== "https:")
        add(n, field, "Web の URI は https:// で始めてください。", "Web URIs must use https://.");
    } else if (field === "expires") {
      const time = Date.parse(value);
      if (!RFC3339.test(value) || Number.isNaN(time))
        add(n, field, "Expires は RFC 3339 の日時にしてください。", "Expires must be an RFC 3339 date-time.");
      else if (time <= now.getTime()) add(n, field, "有効期限が過ぎています。", "Expires is in the past.");
      else if (time - now.getTime() >= 365 * DAY_MS)
        add(n, field, "有効期限は1年未満にしてください。", "Expires must be less than a year ahead.");
    } else if (field === "preferred-languages") {
      const tags = value.split(",").map((t) => t.trim());
      if (tags.some((t) => !LANG_TAG.test(t)))
        add(
          n,
          field,
          "言語タグ（ja, en など）をカンマ区切りで記載してください。",
          "List language tags (ja, en…) separated by commas.",
        );
    }
  }
  if (!counts.get("contact")) add(null, "contact", "Contact がありません。", "Contact is missing.");
  if (!counts.get("expires")) add(null, "expires", "Expires がありません。", "Expires is missing.");
  for (const field of KNOWN_ONCE)
    if ((counts.get(field) ?? 0) > 1)
      add(null, field, `${field} は1回だけ記載できます。`, `${field} may appear only once.`);
  return problems;
}
