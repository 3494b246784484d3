import type { Lang } from "../i18n/text.ts";
import type { Reminder } from "./reminders.ts";

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function icalText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

const basicDate = (day: string) => day.replaceAll("-", "");
const stamp = (at: Date) => `${at.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * An iCalendar feed (RFC 5545) of reminders: one all-day VEVENT per reminder with a stable UID, CRLF line
 * endings and folded lines, so that calendar apps update events instead of duplicating them.
 */
export function remindersToICalendar(
  reminders: readonly Reminder[],
  options: { now: Date; lang: Lang; host: string; baseUrl?: string },
): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//jcstar//reminders//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${icalText(options.lang === "ja" ? "jcstar リマインダー" : "jcstar reminders")}`,
  ];
  for (const r of reminders) {
    const link =
      options.baseUrl && r.applicationId ? `${options.baseUrl}/applications/${r.applicationId}` : null;
    lines.push(
      "BEGIN:VEVENT",
      `UID:${icalText(`${r.id}@${options.host}`)}`,
      `DTSTAMP:${stamp(options.now)}`,
      `DTSTART;VALUE=DATE:${basicDate(r.dueOn)}`,
      `DTEND;VALUE=DATE:${basicDate(nextDay(r.dueOn))}`,
      `SUMMARY:${icalText(r.title[options.lang])}`,
      `CATEGORIES:${icalText(r.kind)}`,
      "TRANSP:TRANSPARENT",
      ...(link ? [`URL:${link}`] : []),
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
