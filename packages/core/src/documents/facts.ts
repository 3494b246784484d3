import { formatDate } from "../i18n/datetime.ts";
import type { Lang } from "../i18n/text.ts";
import type { DocumentInputs } from "./inputs.schema.ts";

/** Everything a document is rendered from: the organisation's and product's records plus the document inputs. */
export type DocumentFacts = {
  org: { name: string; corporateNumber: string | null };
  product: { id: string; name: string; modelNumbers: string[]; supportEndDate: string | null };
  inputs: DocumentInputs;
};

const LANGUAGE_NAMES: Record<string, { ja: string; en: string }> = {
  ja: { ja: "日本語", en: "Japanese" },
  en: { ja: "英語", en: "English" },
};

function pick(text: { ja: string; en: string }, lang: Lang): string {
  return (lang === "ja" ? text.ja : text.en) || text.ja || text.en;
}

/** The document number: `<product code>-<kind code>`; the code defaults to the first model number. */
export function documentNumber(facts: DocumentFacts, code: string): string {
  const productCode =
    facts.inputs.productCode ??
    (facts.product.modelNumbers[0] ?? facts.product.id).replace(/[^A-Za-z0-9._-]/g, "").slice(0, 40);
  return `${productCode || "DOC"}-${code}`;
}

/**
 * The values templates refer to as `{{key}}`, in one language. Empty string = not given (a `when` on it is false).
 * Flags are "1" or "".
 */
export function templateValues(facts: DocumentFacts, lang: Lang): Record<string, string> {
  const i = facts.inputs;
  const flag = (b: boolean) => (b ? "1" : "");
  const contactPoint = i.contact.email ?? i.contact.formUrl ?? "";
  return {
    "org.name": facts.org.name,
    "org.corporateNumber": facts.org.corporateNumber ?? "",
    "product.name": facts.product.name,
    "product.modelNumbers": facts.product.modelNumbers.join(lang === "ja" ? "、" : ", "),
    "product.supportEndDate": facts.product.supportEndDate
      ? formatDate(facts.product.supportEndDate, lang)
      : "",
    contactPoint,
    "contact.email": i.contact.email ?? "",
    "contact.formUrl": i.contact.formUrl ?? "",
    "contact.department": pick(i.contact.department, lang),
    "contact.encryptionKeyUrl": i.contact.encryptionKeyUrl ?? "",
    "disclosure.policyUrl": i.disclosure.policyUrl ?? "",
    "disclosure.securityTxtUrl": i.disclosure.securityTxtUrl ?? "",
    "disclosure.preferredLanguages": i.disclosure.preferredLanguages
      .map((l) => LANGUAGE_NAMES[l]?.[lang] ?? l)
      .join(lang === "ja" ? "、" : ", "),
    "disclosure.acknowledgeBusinessDays": String(i.disclosure.acknowledgeBusinessDays),
    "disclosure.statusUpdateDays": String(i.disclosure.statusUpdateDays),
    "disclosure.coordinatedDisclosureDays": String(i.disclosure.coordinatedDisclosureDays),
    "updates.app.enabled": flag(i.updates.app.enabled),
    "updates.app.name": i.updates.app.name,
    "updates.webUi.enabled": flag(i.updates.webUi.enabled),
    "updates.webUi.menuPath": pick(i.updates.webUi.menuPath, lang),
    "updates.download.enabled": flag(i.updates.download.enabled),
    "updates.download.url": i.updates.download.url ?? "",
    "updates.automatic": flag(i.updates.automatic),
    "updates.releaseNotesUrl": i.updates.releaseNotesUrl ?? "",
    "updates.criticalFixDays": String(i.updates.criticalFixDays),
    "updates.otherFixDays": String(i.updates.otherFixDays),
    "updates.notificationChannels": pick(i.updates.notificationChannels, lang),
    "userInfo.supportUrl": i.userInfo.supportUrl ?? "",
    "userInfo.initialSetup": pick(i.userInfo.initialSetup, lang),
    "userInfo.resetSteps": pick(i.userInfo.resetSteps, lang),
    "userInfo.disposal": pick(i.userInfo.disposal, lang),
    updateMethod: flag(i.updates.app.enabled || i.updates.webUi.enabled || i.updates.download.enabled),
  };
}
