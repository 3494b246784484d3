/**
 * Dates and times for people: Japanese in Japan Standard Time (what the scheme's documents use), English in the
 * browser's own time zone, each with its time zone named.
 */
function zoneOf(lang: string): string | undefined {
  return lang === "en" ? undefined : "Asia/Tokyo";
}

/** An instant (ISO 8601) as date and time with its time zone: "2026/12/04 10:50 JST", "Dec 4, 2026, 1:50 AM UTC". */
export function formatDateTime(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "ja-JP", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: zoneOf(lang),
  })
    .format(date)
    .concat(` ${zoneName(date, lang)}`);
}

function zoneName(date: Date, lang: string): string {
  if (lang !== "en") return "JST";
  const part = new Intl.DateTimeFormat("en-GB", { timeZoneName: "short" })
    .formatToParts(date)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? "";
}

/** A calendar date (YYYY-MM-DD, no time zone) as people write it: "2026/12/04", "4 Dec 2026". */
export function formatDay(day: string, lang: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "ja-JP", {
    dateStyle: "medium",
    timeZone: "UTC",
  }).format(date);
}
