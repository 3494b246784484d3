import { existsSync } from "node:fs";
import { createDb, loadConfig, migrateToLatest, restoreBackup, writeBackup } from "@jcstar/core";
import { Command, InvalidArgumentError } from "commander";

/** `jcstar backup` / `jcstar restore`: database and evidence files together, consistent while the server runs. */
export function backupCommands(): Command[] {
  const backup = new Command("backup")
    .description("back up database and files to one ZIP (safe while the server runs) / バックアップ")
    .option("--data <dir>", "data folder (default ./data, env JCSTAR_DATA_DIR)")
    .requiredOption("--out <file>", "the ZIP to write")
    .action(async (opts: { data?: string; out: string }) => {
      const config = loadConfig(process.env, opts.data ? { dataDir: opts.data } : {});
      const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
      try {
        const { counts, files } = await writeBackup(
          handle.db,
          handle.dialect,
          config.dataDir,
          { root: config.dataDir },
          opts.out,
        );
        console.log(
          `backup written: ${opts.out} (${Object.values(counts).reduce((a, b) => a + b, 0)} rows, ${files} files) / バックアップを作成しました`,
        );
      } finally {
        await handle.close();
      }
    });
  const restore = new Command("restore")
    .description("restore a backup into an empty data folder or database / リストア")
    .option("--data <dir>", "data folder (default ./data, env JCSTAR_DATA_DIR)")
    .argument("<zip>", "the backup")
    .action(async (zip: string, opts: { data?: string }) => {
      if (!existsSync(zip)) throw new InvalidArgumentError(`no such file: ${zip}`);
      const config = loadConfig(process.env, opts.data ? { dataDir: opts.data } : {});
      const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
      try {
        await migrateToLatest(handle.db);
        const { tables } = await restoreBackup(handle.db, config.dataDir, { root: config.dataDir }, zip);
        console.log(
          `restored ${Object.values(tables).reduce((a, b) => a + b, 0)} rows into ${config.dataDir} / リストアしました`,
        );
        console.log(
          "Run `jcstar evidence verify` to check it. / `jcstar evidence verify` で確認してください。",
        );
      } finally {
        await handle.close();
      }
    });
  return [backup, restore];
}
