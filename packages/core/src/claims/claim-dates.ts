import { ENGLISH_MONTHS } from "../i18n/datetime.ts";

const MONTHS = ENGLISH_MONTHS.map((m) => m.toLowerCase());

function iso(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A date as marketing text writes it (2028-03-31, 2028/3/31, 2028年3月31日, 31 March 2028, March 31, 2028)
 * as YYYY-MM-DD; null when it is no real date.
 */
export function parseShownDate(shown: string): string | null {
  const numeric = /^(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?$/u.exec(shown.trim());
  if (numeric) return iso(Number(numeric[1]), Number(numeric[2]), Number(numeric[3]));
  const dayFirst = /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$/.exec(shown.trim());
  const monthFirst = /^([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})$/.exec(shown.trim());
  const [day, month, year] = dayFirst
    ? [dayFirst[1], dayFirst[2], dayFirst[3]]
    : monthFirst
      ? [monthFirst[2], monthFirst[1], monthFirst[3]]
      : [];
  const m = MONTHS.indexOf((month ?? "").toLowerCase()) + 1;
  if (!day || !year || m === 0) return null;
  return iso(Number(year), m, Number(day));
}
