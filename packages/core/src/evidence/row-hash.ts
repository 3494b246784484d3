import { canonicalJson, sha256Hex } from "../audit/canonical-json.ts";

/** The fields of an evidence row that never change after it is written (a correction is a new revision). */
const IMMUTABLE = [
  "id",
  "org_id",
  "type",
  "title",
  "document_name",
  "document_number",
  "document_version",
  "location",
  "url",
  "record_name",
  "result_summary",
  "tested_on",
  "tester",
  "notes",
  "kind",
  "summary",
  "blob_sha256",
  "original_name",
  "revision",
  "supersedes_id",
  "created_at",
  "created_by",
] as const;

/** Hash of an evidence row's immutable content, recorded in its audit entry so that an edited row is detected. */
export function evidenceRowHash(row: Record<string, unknown>): string {
  const picked: Record<string, unknown> = Object.fromEntries(
    IMMUTABLE.map((k) => [k, row[k] === undefined ? null : k === "revision" ? Number(row[k]) : row[k]]),
  );
  // Added later: part of the hash only where set, so rows written before keep their recorded hash.
  for (const k of ["test_key", "test_verdict", "claimed_by", "claimed_at", "claimed_source", "texts"])
    if (row[k] !== null && row[k] !== undefined) picked[k] = row[k];
  return sha256Hex(canonicalJson(picked));
}
