import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Command, Option } from "commander";

type ErrorBody = { error?: { code: string; message: string; details?: { path: string; message: string }[] } };

/** `jcstar package build`: build the application package on a jcstar server and download the ZIP. */
export function packageCommand(): Command {
  const pkg = new Command("package").description("application package / 申請パッケージ");
  pkg
    .command("build")
    .description(
      "build the application package (refused with the open items while not ready) and download it / 申請パッケージの作成とダウンロード",
    )
    .requiredOption("--server <url>", "the jcstar server, e.g. https://jcstar.example.jp")
    .requiredOption("--token <token>", "an API token (editor or owner)")
    .requiredOption("--product <id>", "the product")
    .addOption(
      new Option("--lang <lang>", "language of the report and forms").choices(["ja", "en"]).default("ja"),
    )
    .option("--out <file>", "where to write the ZIP (default jcstar-package-<id>.zip)")
    .action(async (opts: { server: string; token: string; product: string; lang: string; out?: string }) => {
      const base = opts.server.replace(/\/$/, "");
      const headers = { authorization: `Bearer ${opts.token}`, "accept-language": opts.lang };
      const res = await fetch(`${base}/api/products/${encodeURIComponent(opts.product)}/packages`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ lang: opts.lang }),
      });
      const body = (await res.json()) as ErrorBody & { id?: string; zipSha256?: string; fileCount?: number };
      if (!res.ok || !body.id) {
        console.error(`${res.status} ${body.error?.code}: ${body.error?.message}`);
        for (const d of body.error?.details ?? []) console.error(`  - ${d.path}: ${d.message}`);
        process.exitCode = res.status === 422 ? 2 : 1;
        return;
      }
      const download = await fetch(`${base}/api/packages/${encodeURIComponent(body.id)}/download`, {
        headers,
      });
      if (!download.ok || !download.body) {
        console.error(`${download.status}: download failed`);
        process.exitCode = 1;
        return;
      }
      const out = opts.out ?? `jcstar-package-${body.id}.zip`;
      const hash = createHash("sha256");
      await pipeline(
        Readable.fromWeb(download.body as import("node:stream/web").ReadableStream),
        new Transform({
          transform(chunk: Buffer, _enc, done) {
            hash.update(chunk);
            done(null, chunk);
          },
        }),
        createWriteStream(out),
      );
      const sha = hash.digest("hex");
      if (sha !== body.zipSha256) {
        console.error(`NG: downloaded ${sha}, expected ${body.zipSha256}`);
        process.exitCode = 1;
        return;
      }
      console.log(`${out}  ${body.fileCount} files  sha256:${sha}`);
    });
  return pkg;
}
