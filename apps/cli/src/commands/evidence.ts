import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { Readable } from "node:stream";
import {
  type Checkpoint,
  checkpoint,
  createDb,
  loadConfig,
  loadInstanceKey,
  loadSigner,
  migrateToLatest,
  readCheckpointSource,
  type VerifyReport,
  verifyExternalCheckpoint,
  verifyVault,
} from "@jcstar/core";
import { Command, Option } from "commander";
import { verifyBundleAction } from "./verify-bundle.ts";

const KINDS = ["photo", "video", "screenshot", "log", "document", "probe-result", "other"];

async function verifyAction(opts: { data?: string; checkpoint?: string; json?: boolean }) {
  const config = loadConfig(process.env, opts.data ? { dataDir: opts.data } : {});
  let kept: Checkpoint | null = null;
  if (opts.checkpoint) {
    try {
      kept = await readCheckpointSource(opts.checkpoint);
    } catch (error) {
      console.error(
        `NG: cannot read a checkpoint from ${opts.checkpoint}: ${(error as Error).message} / チェックポイントを読めません`,
      );
      process.exitCode = 1;
      return;
    }
  }
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    const signer = await loadSigner(handle.db, loadInstanceKey(config.dataDir), config.dataDir, new Date());
    await checkpoint(handle.db, signer, new Date());
    const report = await verifyVault(handle.db, { root: config.dataDir }, new Date());
    if (kept) {
      const outside = await verifyExternalCheckpoint(handle.db, kept);
      report.problems.push(...outside.problems);
      report.ok = report.ok && outside.ok;
    }
    if (opts.json) console.log(JSON.stringify(report, null, 2));
    else printVerifyReport(report, kept);
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await handle.close();
  }
}

function printVerifyReport(report: VerifyReport, kept: Checkpoint | null) {
  console.log(
    `audit entries ${report.entries}, evidence ${report.evidence}, files ${report.files}, checkpoints ${report.checkpoints}`,
  );
  for (const p of report.problems) console.log(`NG ${p.code} ${p.ref}: ${p.detail}`);
  if (kept && report.problems.some((p) => p.code === "CHAIN_ROLLED_BACK"))
    console.log(
      `NG: 監査ログが外部のチェックポイント #${kept.seq} より前に巻き戻されています / the audit log was rolled back before the checkpoint #${kept.seq} kept outside`,
    );
  else if (kept && report.ok)
    console.log(
      `OK: 外部のチェックポイント #${kept.seq} はログに含まれています / the checkpoint #${kept.seq} kept outside is in the log`,
    );
  console.log(
    report.ok
      ? "OK: 改ざん・欠落はありません / no alteration found"
      : `NG: ${report.problems.length} problem(s) / 問題あり`,
  );
}

/** `jcstar evidence …`: upload, verify the vault, verify a bundle. */
export function evidenceCommand(): Command {
  const evidence = new Command("evidence").description("evidence vault / 証跡の保管庫");

  evidence
    .command("add")
    .description("upload an evidence file to a jcstar server / 証跡ファイルのアップロード")
    .requiredOption("--server <url>", "the jcstar server, e.g. https://jcstar.example.jp")
    .requiredOption("--token <token>", "an API token (env JCSTAR_TOKEN also works)")
    .option("--product <id>", "product to link the criteria of")
    .option("--criterion <id...>", "criteria the file supports, e.g. S1.1-13")
    .addOption(new Option("--kind <kind>", "what the file is").choices(KINDS).makeOptionMandatory())
    .option("--summary <text>", "one-line summary of what the file shows")
    .argument("<file>", "the file")
    .action(
      async (
        file: string,
        opts: {
          server: string;
          token: string;
          product?: string;
          criterion?: string[];
          kind: string;
          summary?: string;
        },
      ) => {
        const query = new URLSearchParams({ kind: opts.kind, fileName: basename(file) });
        if (opts.product) query.set("productId", opts.product);
        if (opts.summary) query.set("summary", opts.summary);
        for (const c of opts.criterion ?? []) query.append("criterion", c);
        const size = statSync(file).size;
        const res = await fetch(`${opts.server.replace(/\/$/, "")}/api/evidence/files?${query}`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${opts.token}`,
            "content-type": "application/octet-stream",
            "content-length": String(size),
          },
          body: Readable.toWeb(createReadStream(file)) as ReadableStream,
          duplex: "half",
        } as RequestInit);
        const body = (await res.json()) as {
          id?: string;
          file?: { sha256: string };
          error?: { code: string; message: string };
        };
        if (!res.ok) {
          console.error(`${res.status} ${body.error?.code}: ${body.error?.message}`);
          process.exitCode = 1;
          return;
        }
        console.log(`${body.id}  sha256:${body.file?.sha256}`);
      },
    );

  evidence
    .command("verify")
    .description(
      "re-hash every file and walk the audit chain; exit 1 on any problem / 証跡の完全性検証（問題があれば終了コード 1）",
    )
    .option("--data <dir>", "data folder (default ./data, env JCSTAR_DATA_DIR)")
    .option(
      "--checkpoint <file>",
      "a checkpoint kept outside (JSON, or a bundle/package ZIP): exit 1 when the log no longer holds it (rollback) / 外部に保管したチェックポイント",
    )
    .option("--json", "print the report as JSON")
    .action(verifyAction);

  evidence
    .command("verify-bundle")
    .description(
      "verify an evidence bundle offline and who signed it: exit 0 intact and signed by a trusted key, 1 damaged or forged, 2 origin unverified / 証跡バンドルのオフライン検証",
    )
    .option(
      "--trust-key <file|url>",
      "the trusted signing key: PEM, JWK or raw key file, or the URL the instance publishes (…/api/audit/public-key)",
    )
    .option("--data <dir>", "without --trust-key: trust only the key of the instance in this data folder")
    .argument("<zip>", "the bundle")
    .action(verifyBundleAction);
  return evidence;
}
