import { readFileSync, writeFileSync } from "node:fs";
import { validateSecurityTxt } from "@jcstar/core";
import { Command } from "commander";

type ServerOpts = { server: string; token: string; product: string; out: string };

function withServer(command: Command): Command {
  return command
    .requiredOption("--server <url>", "the jcstar server, e.g. https://jcstar.example.jp")
    .requiredOption("--token <token>", "an API token")
    .requiredOption("--product <id>", "the product")
    .requiredOption("-o, --out <file>", "where to write the workbook");
}

/** Writes the answer's workbook, or prints the error (with one line per detail) and sets exit code 1. */
async function saveWorkbook(res: Response, out: string): Promise<void> {
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: { code: string; message: string; details: { path: string; message: string }[] };
    } | null;
    console.error(`${res.status} ${body?.error?.code}: ${body?.error?.message}`);
    for (const d of body?.error?.details ?? []) console.error(`  ${d.path}: ${d.message}`);
    process.exitCode = 1;
    return;
  }
  writeFileSync(out, Buffer.from(await res.arrayBuffer()));
  const cells = res.headers.get("x-jcstar-filled-cells");
  console.log(cells ? `${out} (${cells} cells)` : out);
}

/** `jcstar checklist …` (workbook download, official template fill) and `jcstar security-txt check`. */
export function documentCommands(): Command[] {
  const checklist = new Command("checklist").description("checklist workbook / チェックリスト");
  withServer(
    checklist
      .command("download")
      .description("the checklist workbook of the current assessment / チェックリストの出力"),
  ).action(async (opts: ServerOpts) => {
    const res = await fetch(
      `${opts.server.replace(/\/$/, "")}/api/products/${encodeURIComponent(opts.product)}/checklist`,
      { headers: { authorization: `Bearer ${opts.token}` } },
    );
    await saveWorkbook(res, opts.out);
  });
  withServer(
    checklist
      .command("fill")
      .description("fill the official checklist template / 公式チェックリストへの記入")
      .argument("<template>", "the official checklist (.xlsx)"),
  ).action(async (template: string, opts: ServerOpts) => {
    const res = await fetch(
      `${opts.server.replace(/\/$/, "")}/api/products/${encodeURIComponent(opts.product)}/checklist/template`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${opts.token}`, "content-type": "application/octet-stream" },
        body: new Uint8Array(readFileSync(template)),
      },
    );
    await saveWorkbook(res, opts.out);
  });

  const securityTxt = new Command("security-txt").description("RFC 9116 security.txt");
  securityTxt
    .command("check")
    .description("check a security.txt against RFC 9116; exit 1 on any problem / security.txt の検証")
    .argument("<file>", "the security.txt")
    .action((file: string) => {
      const problems = validateSecurityTxt(readFileSync(file, "utf8"), new Date());
      for (const p of problems)
        console.error(`${p.line ? `line ${p.line}: ` : ""}${p.message.ja} / ${p.message.en}`);
      if (problems.length > 0) process.exitCode = 1;
      else console.log("ok");
    });
  return [checklist, securityTxt];
}
