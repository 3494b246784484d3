/** What people type into form fields, made canonical before it is checked and stored (the server is the judge). */

/** The dashes people type or an IME produces between digits (ASCII, full-width, long vowel mark, minus signs). */
const DASHES = /[-‐‑‒–—―−ー－]/gu;

/**
 * A Japanese postal code as `NNN-NNNN`: accepts `〒100-0001`, `100-0001`, `1000001`, full-width digits and dashes,
 * spaces; null when it is not seven digits.
 */
export function normalisePostalCode(typed: string): string | null {
  const digits = typed
    .normalize("NFKC")
    .replace(/^\s*〒/u, "")
    .replace(DASHES, "")
    .replace(/\s/g, "");
  const m = /^(\d{3})(\d{4})$/.exec(digits);
  return m ? `${m[1]}-${m[2]}` : null;
}

export const FIELD_INPUTS = ["postalCode"] as const;
export type FieldInput = (typeof FIELD_INPUTS)[number];

/** A typed value in its canonical form for its input kind; a value that does not parse is returned trimmed. */
export function normaliseFieldInput(kind: FieldInput | undefined, typed: string): string {
  const value = typed.trim();
  if (kind === "postalCode" && value !== "") return normalisePostalCode(value) ?? value;
  return value;
}
