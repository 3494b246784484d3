import type { ExportRow, Lang } from "@jcstar/core";
import { labelTerms } from "@jcstar/core";
import { tr } from "../public/html.ts";

/** Texts the search script needs to draw a result list like the server's (page-text.json, ja and en). */
const SCRIPT_TEXTS = ["valid", "expired", "revoked", "noResults", "previous", "next"] as const;

/**
 * The prebuilt search index of the static registry (`/public/search/labels.json`), read by
 * `/public/registry-search.js`: every label in registration-number order with what the list shows and its
 * search terms (the same `labelTerms` the server's index holds), so that a prefix search gives the server's
 * answer. One row: [registrationNumber, status, starLevel, product, maker, validUntil, terms].
 */
export function buildSearchIndex(rows: ExportRow[]): string {
  const texts = Object.fromEntries(
    (["ja", "en"] as Lang[]).map((lang) => [
      lang,
      Object.fromEntries(SCRIPT_TEXTS.map((key) => [key, tr(lang, key)])),
    ]),
  );
  const labels = rows.map((r) => [
    r.registrationNumber,
    r.status,
    r.starLevel,
    r.product,
    r.maker,
    r.validUntil,
    labelTerms(r),
  ]);
  return JSON.stringify({ version: 1, pageSize: 20, texts, labels });
}
