import { PostgresAdapter, sql } from "kysely";
import { z } from "zod";
import type { Db } from "../db/create-db.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { LABEL_STATUSES, type Label, toLabel } from "../labels/label.ts";
import { japanDate } from "../labels/registration-number.ts";

export const labelSearchSchema = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(LABEL_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type LabelSearch = z.input<typeof labelSearchSchema>;
export type LabelSearchResult = { items: Label[]; page: number; limit: number; hasMore: boolean };

/** Label ids with a term starting with `q` (an index range: byte order on SQLite, text_pattern_ops on PostgreSQL). */
function termMatches(db: Db, q: string) {
  const prefix = q.toLowerCase();
  const terms = db.selectFrom("label_terms").select("label_id");
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    return terms.where(sql<boolean>`term like ${`${prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`}`);
  return terms.where("term", ">=", prefix).where("term", "<", `${prefix}\u{10ffff}`);
}

/**
 * Public search by the beginning of a registration number, model number, product or maker name or a word of
 * them (case-insensitive), ordered by registration number.
 */
export async function searchLabels(db: Db, input: unknown, now: Date): Promise<LabelSearchResult> {
  const { q, status, page, limit } = parseOrThrow(labelSearchSchema, input);
  const today = japanDate(now);
  let query = db.selectFrom("labels").selectAll();
  if (q) query = query.where("id", "in", termMatches(db, q));
  if (status === "revoked") query = query.where("status", "=", "revoked");
  if (status === "valid") query = query.where("status", "=", "valid").where("valid_until", ">=", today);
  if (status === "expired") query = query.where("status", "=", "valid").where("valid_until", "<", today);
  const rows = await query
    .orderBy("registration_number")
    .limit(limit + 1)
    .offset((page - 1) * limit)
    .execute();
  return {
    items: rows.slice(0, limit).map((r) => toLabel(r, now)),
    page,
    limit,
    hasMore: rows.length > limit,
  };
}

export const EXPORT_COLUMNS = [
  "registrationNumber",
  "status",
  "starLevel",
  "product",
  "maker",
  "modelNumbers",
  "validFrom",
  "validUntil",
  "revokedAt",
  "revocationReason",
] as const;

export type ExportRow = Pick<Label, (typeof EXPORT_COLUMNS)[number]> & { url: string };

/** Every label, for procurement: ordered by registration number. */
export async function exportLabels(db: Db, now: Date, base: string): Promise<ExportRow[]> {
  const rows = await db.selectFrom("labels").selectAll().orderBy("registration_number").execute();
  return rows.map((r) => {
    const l = toLabel(r, now);
    return {
      registrationNumber: l.registrationNumber,
      status: l.status,
      starLevel: l.starLevel,
      product: l.product,
      maker: l.maker,
      modelNumbers: l.modelNumbers,
      validFrom: l.validFrom,
      validUntil: l.validUntil,
      revokedAt: l.revokedAt,
      revocationReason: l.revocationReason,
      url: `${base}/registry/${encodeURIComponent(l.registrationNumber)}`,
    };
  });
}

function csvCell(value: unknown): string {
  let text = Array.isArray(value)
    ? value.join(" ")
    : value === null || value === undefined
      ? ""
      : String(value);
  // Spreadsheet formula injection: a cell starting with = + - @ is prefixed with a quote.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The export as CSV (UTF-8 with BOM so that spreadsheet software reads Japanese correctly). */
export function exportCsv(rows: ExportRow[]): string {
  const header = [...EXPORT_COLUMNS, "url"];
  const lines = [header.join(",")];
  for (const row of rows) lines.push(header.map((k) => csvCell(row[k as keyof ExportRow])).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
