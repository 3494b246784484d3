import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import {
  findReleaseByVersion,
  importNvdFeed,
  importOsvZip,
  releaseFindings,
  scanRelease,
} from "@jcstar/core";
import { Command } from "commander";
import { langOf, productContext, withInstance } from "./db-session.ts";

/** `jcstar vuln …`: offline advisory data and known-vulnerability scans. */
export function vulnCommand(): Command {
  const vuln = new Command("vuln").description("known vulnerabilities, offline / 既知の脆弱性（オフライン）");
  vuln
    .command("import-osv")
    .description("import an OSV ecosystem dump (all.zip) / OSV データの取り込み")
    .option("--data <dir>", "data folder (default ./data, env JCSTAR_DATA_DIR)")
    .argument("<zip>", "all.zip of one ecosystem, as OSV publishes it")
    .action(async (zip: string, opts: { data?: string }) => {
      const s = await withInstance(opts.data, (deps) =>
        importOsvZip(deps, { id: null }, zip, { fileName: basename(zip) }),
      );
      console.log(
        `OSV ${s.name}: ${s.advisoryCount} advisories, data up to ${s.dataModifiedAt ?? "?"} / ${s.advisoryCount} 件を取り込みました`,
      );
    });
  vuln
    .command("import-nvd")
    .description("import an NVD CVE JSON 2.0 feed (.json.gz) / NVD フィードの取り込み")
    .option("--data <dir>", "data folder (default ./data, env JCSTAR_DATA_DIR)")
    .argument("<feed>", "nvdcve-2.0-YYYY.json.gz")
    .action(async (feed: string, opts: { data?: string }) => {
      const s = await withInstance(opts.data, (deps) =>
        importNvdFeed(deps, { id: null }, feed, { fileName: basename(feed) }),
      );
      console.log(
        `NVD ${s.name}: ${s.advisoryCount} CVEs, data up to ${s.dataModifiedAt ?? "?"} / ${s.advisoryCount} 件を取り込みました`,
      );
    });
  vuln
    .command("scan")
    .description(
      "scan a release's components against the imported data; files S1.1-13 evidence; exit 1 on blocking findings / 脆弱性検査",
    )
    .requiredOption("--product <id>", "the product")
    .requiredOption("--release <version>", "the firmware release version")
    .option("--json <file>", "also write the findings as JSON")
    .option("--data <dir>", "data folder (default ./data, env JCSTAR_DATA_DIR)")
    .option("--lang <ja|en>", "language of the record", "ja")
    .action(
      async (opts: { product: string; release: string; json?: string; data?: string; lang?: string }) => {
        const { scan, view } = await withInstance(opts.data, async (deps, actor) => {
          const ctx = await productContext(deps.db, opts.product, actor, langOf(opts.lang));
          const release = await findReleaseByVersion(deps, ctx, opts.product, opts.release);
          const scan = await scanRelease(deps, ctx, release.id);
          return { scan, view: await releaseFindings(deps, ctx, release.id) };
        });
        for (const f of view.findings) {
          const mark = f.blocking ? "NG" : f.status === "not_affected" ? "VEX" : "--";
          const fix = f.fixedVersions.length ? ` fixed in ${f.fixedVersions.join(", ")}` : "";
          console.log(
            `${mark} ${f.severity.padEnd(8)} ${f.vulnId} ${f.componentName} ${f.componentVersion ?? ""}${fix}`,
          );
        }
        for (const s of scan.report.sources as {
          kind: string;
          name: string;
          dataModifiedAt: string | null;
          ageDays: number | null;
        }[])
          console.log(
            `data: ${s.kind} ${s.name} (${s.dataModifiedAt ?? "?"}, ${s.ageDays ?? "?"} days old / ${s.ageDays ?? "?"} 日前)`,
          );
        console.log(
          `${scan.counts.components} components, ${view.counts.total} findings, ${view.counts.blocking} blocking (≥ ${view.policy.minSeverity}); evidence ${scan.evidenceId} / 申請を止める脆弱性 ${view.counts.blocking} 件`,
        );
        if (opts.json) writeFileSync(opts.json, `${JSON.stringify({ scan: scan.report, view }, null, 2)}\n`);
        process.exitCode = view.counts.blocking > 0 ? 1 : 0;
      },
    );
  return vuln;
}
