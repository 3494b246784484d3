import { readFileSync, statSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { exportCycloneDx, findReleaseByVersion, importSbom, MAX_SBOM_BYTES } from "@jcstar/core";
import { Command } from "commander";
import { langOf, productContext, withInstance } from "./db-session.ts";

/** `jcstar sbom …`: a firmware release's component list. */
export function sbomCommand(): Command {
  const sbom = new Command("sbom").description("software bill of materials per firmware release / SBOM");
  sbom
    .command("import")
    .description(
      "import a CycloneDX (1.4–1.6, JSON/XML) or SPDX 2.3 JSON SBOM as the release's components / SBOM の取り込み",
    )
    .requiredOption("--product <id>", "the product")
    .requiredOption("--release <version>", "the firmware release version, e.g. 1.2.0")
    .option("--data <dir>", "data folder (default ./data, env JCSTAR_DATA_DIR)")
    .option("--lang <ja|en>", "language of records", "ja")
    .argument("<file>", "the SBOM file")
    .action(
      async (file: string, opts: { product: string; release: string; data?: string; lang?: string }) => {
        if (statSync(file).size > MAX_SBOM_BYTES)
          throw new Error(`larger than ${MAX_SBOM_BYTES} bytes / 大きすぎます`);
        const bytes = readFileSync(file);
        const result = await withInstance(opts.data, async (deps, actor) => {
          const ctx = await productContext(deps.db, opts.product, actor, langOf(opts.lang));
          const release = await findReleaseByVersion(deps, ctx, opts.product, opts.release);
          return importSbom(deps, ctx, release.id, bytes, basename(file));
        });
        console.log(
          `${result.format} ${result.specVersion}: ${result.components} components → release ${opts.release} / 構成要素 ${result.components} 件を登録しました`,
        );
      },
    );
  sbom
    .command("export")
    .description(
      "write a release as CycloneDX 1.6 JSON (with --vex: its not-affected statements) / CycloneDX 出力",
    )
    .requiredOption("--product <id>", "the product")
    .requiredOption("--release <version>", "the firmware release version")
    .requiredOption("--out <file>", "the file to write")
    .option("--vex", "include the VEX statements")
    .option("--data <dir>", "data folder (default ./data, env JCSTAR_DATA_DIR)")
    .action(async (opts: { product: string; release: string; out: string; vex?: boolean; data?: string }) => {
      const json = await withInstance(opts.data, async (deps, actor) => {
        const ctx = await productContext(deps.db, opts.product, actor, "ja");
        const release = await findReleaseByVersion(deps, ctx, opts.product, opts.release);
        return exportCycloneDx(deps, ctx, release.id, { vex: opts.vex === true });
      });
      writeFileSync(opts.out, json);
      console.log(`CycloneDX 1.6 → ${opts.out} / 出力しました`);
    });
  return sbom;
}
