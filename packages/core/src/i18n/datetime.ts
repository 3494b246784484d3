import type { Lang } from "./text.ts";

/** English month names, January first. */
export const ENGLISH_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Japan Standard Time is UTC+9 all year (no daylight saving since 1951). */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** A calendar date (YYYY-MM-DD) as people write it: 2030年3月31日 / 31 March 2030. */
export function formatDate(iso: string, lang: Lang): string {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  if (!y || !m || !d) return iso;
  return lang === "ja" ? `${y}年${m}月${d}日` : `${d} ${ENGLISH_MONTHS[m - 1]} ${y}`;
}

/** The calendar date in Japan (YYYY-MM-DD) of an instant: a document made at 20:00 UTC is dated the next day. */
export function jstDate(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * An instant for people, in Japan Standard Time, naming the zone: 2026年12月4日 10:30（日本時間）/
 * 4 December 2026, 10:30 JST (UTC+9). An unreadable value is returned as it is.
 */
export function formatTimestamp(at: string | Date, lang: Lang): string {
  const ms = typeof at === "string" ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) return String(at);
  const jst = new Date(ms + JST_OFFSET_MS).toISOString();
  const date = formatDate(jst, lang);
  const time = jst.slice(11, 16);
  return lang === "ja" ? `${date} ${time}（日本時間）` : `${date}, ${time} JST (UTC+9)`;
}
