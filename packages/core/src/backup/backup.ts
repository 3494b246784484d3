import { createWriteStream, existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { LEGACY_CHECKPOINT_FILE, LEGACY_PUBLIC_KEY_FILE } from "../audit/checkpoints.ts";
import type { Db } from "../db/create-db.ts";
import { INSTANCE_KEY_FILE } from "../secrets/instance-key.ts";
import { type BlobStore, blobPath } from "../vault/blob-store.ts";

export const BACKUP_FORMAT = "jcstar-backup/1";

/** Tables in the order a restore inserts them (parents first). Sessions and sign-in counters are not kept. */
export const BACKUP_TABLES = [
  "organisations",
  "users",
  "recovery_codes",
  "memberships",
  "api_tokens",
  "one_time_tokens",
  "lockout_events",
  "instance_settings",
  "secrets",
  "products",
  "model_numbers",
  "firmware_images",
  "firmware_releases",
  "components",
  "assessments",
  "criterion_results",
  "blobs",
  "evidence",
  "evidence_links",
  "evidence_verifications",
  "device_profiles",
  "device_runs",
  "document_inputs",
  "document_versions",
  "applications",
  "application_events",
  "registry_counters",
  "calendar_tokens",
  "label_keys",
  "labels",
  "label_terms",
  "product_publications",
  "audit_entries",
  "audit_head",
  "audit_checkpoints",
  "audit_keys",
  "jobs",
  "sbom_imports",
  "vuln_sources",
  "vuln_advisories",
  "vuln_affected",
  "vuln_policies",
  "vuln_scans",
  "vuln_findings",
  "vex_statements",
  "signoffs",
  "application_forms",
  "application_packages",
] as const;

/** Files of the data folder that belong with the database. */
export const BACKUP_DATA_FILES = [INSTANCE_KEY_FILE] as const;
/** Data files older backups hold (checkpoints now live in the database); restored, then imported at start. */
export const LEGACY_BACKUP_DATA_FILES = [LEGACY_CHECKPOINT_FILE, LEGACY_PUBLIC_KEY_FILE] as const;

const ORDER_BY: Record<string, string> = {
  assessments: "created_at",
  audit_entries: "seq",
  audit_checkpoints: "seq",
  evidence: "created_at",
};

/**
 * Writes a consistent backup of database and files to one ZIP while the server may keep running: every table is
 * read inside one repeatable-read transaction (a snapshot), then the evidence files that snapshot refers to are
 * added (files are immutable and written before their rows). Works the same on SQLite and PostgreSQL, and a backup
 * of one restores into the other. The ZIP holds the instance key: keep it as safe as the server itself.
 */
export async function writeBackup(
  db: Db,
  dialect: "sqlite" | "postgres",
  dataDir: string,
  blobs: BlobStore,
  outFile: string,
) {
  const tables: Record<string, string> = {};
  const counts: Record<string, number> = {};
  const tx =
    dialect === "postgres" ? db.transaction().setIsolationLevel("repeatable read") : db.transaction();
  await tx.execute(async (trx) => {
    for (const table of BACKUP_TABLES) {
      const order = ORDER_BY[table];
      const rows = order
        ? (
            await sql<
              Record<string, unknown>
            >`select * from ${sql.table(table)} order by ${sql.ref(order)}`.execute(trx)
          ).rows
        : (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(trx)).rows;
      tables[table] = rows.map((r) => JSON.stringify(r)).join("\n");
      counts[table] = rows.length;
    }
  });
  const hashes = (tables.blobs ?? "")
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { sha256: string }).sha256);

  const tmp = `${outFile}.${process.pid}.tmp`;
  const { default: yazl } = await import("yazl");
  const zip = new yazl.ZipFile();
  zip.addBuffer(
    Buffer.from(
      JSON.stringify(
        { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), dialect, counts },
        null,
        2,
      ),
    ),
    "backup.json",
  );
  for (const [table, lines] of Object.entries(tables))
    zip.addBuffer(Buffer.from(lines ? `${lines}\n` : ""), `db/${table}.jsonl`);
  for (const name of BACKUP_DATA_FILES) {
    const path = join(dataDir, name);
    if (existsSync(path)) zip.addBuffer(readFileSync(path), `data/${name}`, { mode: 0o600 });
  }
  for (const sha of hashes) zip.addFile(blobPath(blobs, sha), `blobs/${sha}`, { compress: false });
  zip.end();
  try {
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(tmp, { mode: 0o600 });
      zip.outputStream.on("error", reject);
      out.on("error", reject);
      out.on("close", resolve);
      zip.outputStream.pipe(out);
    });
    renameSync(tmp, outFile);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  return { counts, files: hashes.length };
}
