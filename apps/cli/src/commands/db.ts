import { createDb, loadConfig, migrateToLatest } from "@jcstar/core";
import { Command } from "commander";

/** `jcstar db migrate`: applies pending migrations (the server also does this at start). */
export function dbCommand(): Command {
  const db = new Command("db").description("database maintenance / データベース管理");
  db.command("migrate")
    .description("apply pending migrations / 未適用のマイグレーションを適用")
    .option("--data <dir>", "data folder (default ./data, env JCSTAR_DATA_DIR)")
    .action(async (opts: { data?: string }) => {
      const config = loadConfig(process.env, opts.data ? { dataDir: opts.data } : {});
      const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await migrateToLatest(handle.db);
        console.log(
          applied.length === 0 ? "up to date / 最新です" : `applied / 適用しました: ${applied.join(", ")}`,
        );
      } finally {
        await handle.close();
      }
    });
  return db;
}
