/**
 * Dates as people type them, made YYYY-MM-DD (what the API takes): 2031-03-31, 2031/03/31, 2031/3/31,
 * 2031.03.31, 20310331, 2031年3月31日, full-width digits; null when it is not a real calendar date.
 */
export function parseDateInput(typed: string): string | null {
  const text = typed.normalize("NFKC").trim();
  const m =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text) ??
    /^(\d{4})年\s*(\d{1,2})月\s*(\d{1,2})日$/u.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${(m[2] ?? "").padStart(2, "0")}-${(m[3] ?? "").padStart(2, "0")}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/** The value to send for a date field: its YYYY-MM-DD form, or the trimmed text for the server to refuse. */
export function dateValue(typed: string): string {
  return parseDateInput(typed) ?? typed.trim();
}
