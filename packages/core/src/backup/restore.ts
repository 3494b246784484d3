import { join } from "node:path";
import type { Kysely } from "kysely";
import { eachZipEntry, listZip, readAll } from "../bundle/zip-read.ts";
import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";
import { writeFileAtomic } from "../secrets/atomic-write.ts";
import { type BlobStore, putBlob } from "../vault/blob-store.ts";
import { BACKUP_DATA_FILES, BACKUP_FORMAT, BACKUP_TABLES, LEGACY_BACKUP_DATA_FILES } from "./backup.ts";

const NAME = new RegExp(
  `^(backup\\.json|db/(${BACKUP_TABLES.join("|")})\\.jsonl|blobs/[0-9a-f]{64}|data/(${[...BACKUP_DATA_FILES, ...LEGACY_BACKUP_DATA_FILES].map((n) => n.replace(/\./g, "\\.")).join("|")}))$`,
);

/**
 * Restores a backup into an empty instance (migrated, no organisation yet): every file re-hashed against its name,
 * then every table in one transaction. Refuses a non-empty target, unknown entries or a changed file.
 */
export async function restoreBackup(db: Db, dataDir: string, blobs: BlobStore, zipPath: string) {
  const existing = await db.selectFrom("organisations").select("id").executeTakeFirst();
  if (existing) throw new AppError("INVALID_BUNDLE", { reason: "the target instance is not empty" });
  const entries = await listZip(zipPath);
  const bad = entries.find((e) => !NAME.test(e.name) || e.isSymlink);
  if (bad) throw new AppError("INVALID_BUNDLE", { reason: `unexpected entry ${bad.name}` });
  if (!entries.some((e) => e.name === "backup.json"))
    throw new AppError("INVALID_BUNDLE", { reason: "backup.json missing" });

  const tables = new Map<string, Record<string, unknown>[]>();
  const dataFiles = new Map<string, Buffer>();
  await eachZipEntry(
    zipPath,
    () => true,
    async (name, stream) => {
      if (name.startsWith("blobs/")) {
        const blob = await putBlob(blobs, stream, Number.MAX_SAFE_INTEGER);
        if (`blobs/${blob.sha256}` !== name)
          throw new AppError("INVALID_BUNDLE", { reason: `${name} does not match its hash` });
        return;
      }
      const body = await readAll(stream, 1024 ** 3);
      if (name === "backup.json") {
        if ((JSON.parse(body.toString("utf8")) as { format?: string }).format !== BACKUP_FORMAT) {
          throw new AppError("INVALID_BUNDLE", { reason: "not a jcstar backup" });
        }
      } else if (name.startsWith("db/")) {
        const table = name.slice(3, -".jsonl".length);
        tables.set(
          table,
          body
            .toString("utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record<string, unknown>),
        );
      } else dataFiles.set(name.slice("data/".length), body);
    },
  );
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("audit_head").execute();
    for (const table of BACKUP_TABLES) {
      const rows = tables.get(table) ?? [];
      // Rows go back table by table exactly as they were dumped, so the table's own row type is not needed here.
      const untyped = trx as unknown as Kysely<Record<string, Record<string, unknown>>>;
      for (let i = 0; i < rows.length; i += 200) {
        await untyped
          .insertInto(table)
          .values(rows.slice(i, i + 200))
          .execute();
      }
    }
    const head = await trx.selectFrom("audit_head").select("id").executeTakeFirst();
    if (!head)
      await trx
        .insertInto("audit_head")
        .values({ id: 1, seq: 0, hash: "0".repeat(64) })
        .execute();
  });
  for (const [name, body] of dataFiles)
    writeFileAtomic(join(dataDir, name), body, name === "instance.key" ? 0o600 : 0o644);
  return { tables: Object.fromEntries([...tables].map(([k, v]) => [k, v.length])) };
}
