import { resolve } from "node:path";
import { loadConfig } from "@jcstar/core";
import { exportInstanceRegistry } from "@jcstar/server";
import { Command } from "commander";

/** `jcstar registry export DIR`: the public registry as static files for nginx or a CDN (docs/static-registry.md). */
export function registryCommand(): Command {
  const registry = new Command("registry").description("the public registry / 公開登録簿");
  registry
    .command("export")
    .description(
      "write the public registry as static files, only what changed since the last export / 公開登録簿を静的ファイルとして書き出す（差分のみ）",
    )
    .argument("<dir>", "export folder (served by nginx: deploy/nginx/registry.conf)")
    .option("--data <dir>", "data folder (default ./data, env JCSTAR_DATA_DIR)")
    .option("--json", "print the result as JSON")
    .action(async (dir: string, opts: { data?: string; json?: boolean }) => {
      const config = loadConfig(process.env, opts.data ? { dataDir: opts.data } : {});
      const result = await exportInstanceRegistry(config, resolve(dir));
      if (opts.json) {
        console.log(JSON.stringify(result));
        return;
      }
      console.log(
        `written / 更新: ${result.written.length}, deleted / 削除: ${result.deleted.length}, unchanged / 変更なし: ${result.unchanged} (${result.durationMs} ms)`,
      );
      for (const path of result.written) console.log(`  + ${path}`);
      for (const path of result.deleted) console.log(`  - ${path}`);
    });
  return registry;
}
