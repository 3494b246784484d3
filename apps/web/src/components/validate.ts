/** Client-side checks run before sending; the server checks the same things again. */
import type { Rules } from "../api/rules.ts";

import { parseDateInput } from "./date-input.ts";

export type FieldErrors = Record<string, string>;
export type Check = (value: string) => string | null;
type Translate = (key: string, options?: Record<string, unknown>) => string;

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isCalendarDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** A typed code without spaces and dashes, full-width characters made half-width (as the server reads it). */
export function typedCode(value: string): string {
  return value.normalize("NFKC").replace(/[\s\-‐‑–—−ー]/gu, "");
}

/** Code points of the NFKC form, as the server counts a password's length. */
export function passwordLength(value: string): number {
  return [...value.normalize("NFKC")].length;
}

/** The checks; the password length comes from the server's rules (unchecked here until they have arrived). */
export function makeChecks(t: Translate, rules: Pick<Rules, "password"> | null = null) {
  const min = rules?.password.minLength ?? 0;
  return {
    required: (value: string) => (value.trim() ? null : t("validation.required")),
    max: (n: number) => (value: string) => (value.trim().length > n ? t("validation.max", { n }) : null),
    date: (value: string) => (!value.trim() || parseDateInput(value) ? null : t("validation.date")),
    email: (value: string) => (!value.trim() || EMAIL_RE.test(value.trim()) ? null : t("validation.email")),
    password: (value: string) => (passwordLength(value) >= min ? null : t("validation.password", { n: min })),
    totp: (value: string) => (/^\d{6}$/.test(typedCode(value)) ? null : t("validation.totp")),
    /** A 6-digit code or a recovery code (12 letters/digits, dashes and spaces allowed); the server decides. */
    totpOrRecovery: (value: string) =>
      /^(\d{6}|[0-9A-Za-z]{12})$/.test(typedCode(value)) ? null : t("validation.totpOrRecovery"),
    url: (value: string) =>
      !value.trim() || /^https?:\/\/\S+$/i.test(value.trim()) ? null : t("validation.url"),
  };
}

/** Runs each field's checks in order and keeps the first message per field. */
export function validate(values: Record<string, string>, rules: Record<string, Check[]>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, checks] of Object.entries(rules)) {
    for (const check of checks) {
      const message = check(values[field] ?? "");
      if (message) {
        errors[field] = message;
        break;
      }
    }
  }
  return errors;
}

/** Turns server `details[]` into field errors; a detail path `connectivity.interfaces.0` also counts for `connectivity.interfaces`. */
export function detailsToErrors(
  details: { path: string; message: string }[],
  fields: readonly string[],
): {
  fields: FieldErrors;
  other: string[];
} {
  const result: FieldErrors = {};
  const other: string[] = [];
  for (const detail of details) {
    const field = fields
      .filter((f) => detail.path === f || detail.path.startsWith(`${f}.`))
      .sort((a, b) => b.length - a.length)[0];
    if (field) result[field] = result[field] ? `${result[field]} ${detail.message}` : detail.message;
    else other.push(detail.path ? `${detail.path}: ${detail.message}` : detail.message);
  }
  return { fields: result, other };
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

export function emptyToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed ? trimmed : null;
}
