import { z } from "zod";
import { AppError } from "../errors/app-error.ts";
import { i18nTextSchema } from "../i18n/text.ts";
import { type SourceRef, sourceRefSchema } from "../scheme/source-ref.ts";
import lifecycleData from "./lifecycle.json" with { type: "json" };
import { addDays, addYears } from "./schedule.ts";
import type { ApplicationState } from "./transitions.ts";

/** A label's status as IPA's product list shows it: 有効 / 失効猶予 / 失効 / 取消し. */
export const IPA_LABEL_STATUSES = ["valid", "grace", "expired", "revoked"] as const;
export type IpaLabelStatus = (typeof IPA_LABEL_STATUSES)[number];

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const sources = z.array(sourceRefSchema).min(1);
export const lifecycleSchema = z
  .object({
    statuses: z
      .array(z.object({ code: z.enum(IPA_LABEL_STATUSES), label: i18nTextSchema }).strict())
      .length(IPA_LABEL_STATUSES.length),
    statusSources: sources,
    validity: z.object({ maxYears: z.number().int().positive(), sources }).strict(),
    grace: z
      .array(
        z
          .object({ from: date.nullable(), until: date.nullable(), days: z.number().int().min(0), sources })
          .strict(),
      )
      .min(1),
    extension: z
      .object({
        levels: z.array(z.number().int().min(1).max(4)),
        unitYears: z.number().int().positive(),
        sources,
      })
      .strict(),
  })
  .strict();
export type Lifecycle = z.output<typeof lifecycleSchema>;

/** The scheme's label lifecycle (lifecycle.json), validated when first read: statuses, validity, grace, extension. */
export const LIFECYCLE: Lifecycle = lifecycleSchema.parse(lifecycleData);

/** The grace period (days after the last valid day) that applies to a label expiring on `expiresOn`. */
export function graceFor(
  expiresOn: string,
  lifecycle: Lifecycle = LIFECYCLE,
): { days: number; sources: SourceRef[] } {
  const row = lifecycle.grace.find(
    (g) => (g.from === null || g.from <= expiresOn) && (g.until === null || expiresOn <= g.until),
  );
  return { days: row?.days ?? 0, sources: row?.sources ?? [] };
}

/** The last day of the grace period: the recorded expiry plus the grace days. */
export function graceEndsOn(expiresOn: string, lifecycle: Lifecycle = LIFECYCLE): string {
  return addDays(expiresOn, graceFor(expiresOn, lifecycle).days);
}

/**
 * A label's status today (pure), from the application's state and the expiry date IPA stated (recorded):
 * revoked → 取消し; up to the expiry → 有効; then, during the grace period → 失効猶予; after it → 失効.
 * Null while there is no label.
 */
export function labelStatusOf(
  app: { state: ApplicationState; labelExpiresOn: string | null },
  today: string,
  lifecycle: Lifecycle = LIFECYCLE,
): IpaLabelStatus | null {
  if (app.state === "revoked") return "revoked";
  if (!app.labelExpiresOn) return null;
  if (!["label_issued", "extension_requested", "expired"].includes(app.state)) return null;
  if (app.state === "expired") return "expired";
  if (today <= app.labelExpiresOn) return "valid";
  return today <= graceEndsOn(app.labelExpiresOn, lifecycle) ? "grace" : "expired";
}

function expiryError(ja: string, en: string): AppError {
  return new AppError("VALIDATION_FAILED", {}, [{ path: "labelExpiresOn", message: { ja, en } }]);
}

/** The latest expiry a label issued on `issuedOn` may have: up to two years (lifecycle.json `validity`). */
export function maxExpiryOn(issuedOn: string, lifecycle: Lifecycle = LIFECYCLE): string {
  return addYears(issuedOn, lifecycle.validity.maxYears);
}

/** What the operator's form offers at issue: issuance + the maximum validity (they may shorten it). */
export function defaultExpiryOn(issuedOn: string, lifecycle: Lifecycle = LIFECYCLE): string {
  return maxExpiryOn(issuedOn, lifecycle);
}

/** The expiry IPA states (or the operator enters) at issue: not before issuance, at most two years after. */
export function checkIssuedExpiry(
  issuedOn: string,
  expiresOn: string,
  lifecycle: Lifecycle = LIFECYCLE,
): void {
  if (expiresOn < issuedOn)
    throw expiryError("有効期限が発行日より前です。", "The expiry date is before the issue date.");
  if (expiresOn > maxExpiryOn(issuedOn, lifecycle))
    throw expiryError(
      `有効期限は発行日から最長${lifecycle.validity.maxYears}年です。`,
      `A label is valid at most ${lifecycle.validity.maxYears} years from issuance.`,
    );
}

/** The expiry offered for an extension: the current expiry plus one unit (2 years). */
export function extendedExpiryOn(currentExpiry: string, lifecycle: Lifecycle = LIFECYCLE): string {
  return addYears(currentExpiry, lifecycle.extension.unitYears);
}

/** An extension's new expiry: after the current one, at most one unit (2 years) past it. */
export function checkExtendedExpiry(
  currentExpiry: string,
  expiresOn: string,
  lifecycle: Lifecycle = LIFECYCLE,
): void {
  if (expiresOn <= currentExpiry)
    throw expiryError(
      "更新後の有効期限は現在の有効期限より後です。",
      "The new expiry must be after the current one.",
    );
  if (expiresOn > extendedExpiryOn(currentExpiry, lifecycle))
    throw expiryError(
      `更新は${lifecycle.extension.unitYears}年単位です。`,
      `A label is extended by ${lifecycle.extension.unitYears} years at a time.`,
    );
}

/**
 * May this label be extended (更新)? Only a ★ level listed in lifecycle.json `extension.levels` (★1), and only
 * while the label is 有効 or 失効猶予 — not once 失効 or 取消し. Throws EXTENSION_NOT_ALLOWED otherwise.
 */
export function checkExtensionAllowed(
  app: { state: ApplicationState; labelExpiresOn: string | null; starLevel: number },
  today: string,
  lifecycle: Lifecycle = LIFECYCLE,
): void {
  const status = labelStatusOf(app, today, lifecycle);
  const label = lifecycle.statuses.find((s) => s.code === status)?.label ?? {
    ja: "ラベルなし",
    en: "no label",
  };
  if (!lifecycle.extension.levels.includes(app.starLevel))
    throw new AppError("EXTENSION_NOT_ALLOWED", {
      statusJa: `★${app.starLevel}`,
      statusEn: `★${app.starLevel}`,
    });
  if (status !== "valid" && status !== "grace")
    throw new AppError("EXTENSION_NOT_ALLOWED", { statusJa: label.ja, statusEn: label.en });
}
