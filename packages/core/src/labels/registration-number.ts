/** The year in Japan time (registration numbers and label dates follow the scheme's calendar). */
export function japanDate(at: Date): string {
  return new Date(at.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

/** The part of a format before `{seq}`, filled in: numbers sharing it share one sequence. */
export function registrationPrefix(format: string, at: Date): string {
  const year = japanDate(at).slice(0, 4);
  const head = format.slice(0, format.search(/\{seq/));
  return head.replaceAll("{yyyy}", year);
}

/** Fills a registration-number format: `JCS-{yyyy}-{seq:6}` → `JCS-2026-000042`. */
export function formatRegistrationNumber(format: string, at: Date, seq: number): string {
  const year = japanDate(at).slice(0, 4);
  return format
    .replaceAll("{yyyy}", year)
    .replace(/\{seq(?::(\d))?\}/, (_all, width: string | undefined) =>
      String(seq).padStart(width ? Number(width) : 0, "0"),
    );
}

/** Registration numbers are used in URLs and file names: a safe, bounded alphabet. */
export const REGISTRATION_NUMBER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
