import { readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import {
  assertReachable,
  exitCodeFor,
  GUIDES,
  guideFor,
  importNmapXml,
  importTestsslJson,
  type Lang,
  loadProfileFile,
  ProfileError,
  type ProgressEvent,
  parsePortRange,
  RunError,
  type RunResult,
  renderJunit,
  renderSarif,
  renderTextReport,
  resolveHost,
  resultName,
  runFullProfile,
  runPortsProbe,
  TOOL_VERSION,
  walkGuide,
} from "@jcstar/probes";
import { Command, InvalidArgumentError } from "commander";
import { uploadGuide } from "./upload-guide.ts";
import { type UploadTarget, uploadRun, uploadTarget } from "./upload-run.ts";

/** Where the command writes: progress and errors to `err`, the report to `out`. */
export interface ProbeIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when `err` is a terminal (progress counters are then overwritten in place). */
  errIsTty: boolean;
  /** Reads one answer from the tester (interactive runs only; null at the end of input). */
  ask?: (question: string) => Promise<string | null>;
}

const processIo: ProbeIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  errIsTty: process.stderr.isTTY === true,
  ...(process.stdin.isTTY ? { ask: stdinAsker() } : {}),
};

/** Line-by-line answers from standard input (one readline for the whole command). */
function stdinAsker(): (question: string) => Promise<string | null> {
  let rl: ReturnType<typeof createInterface> | undefined;
  const lines: string[] = [];
  const waiting: Array<(line: string | null) => void> = [];
  let closed = false;
  return (question) => {
    if (!rl) {
      rl = createInterface({ input: process.stdin, terminal: false });
      rl.on("line", (line) => {
        const w = waiting.shift();
        if (w) w(line);
        else lines.push(line);
      });
      rl.on("close", () => {
        closed = true;
        for (const w of waiting.splice(0)) w(null);
      });
    }
    process.stderr.write(question);
    const line = lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (closed) return Promise.resolve(null);
    return new Promise((resolve) => waiting.push(resolve));
  };
}

function parseLang(value: string): Lang {
  if (value !== "ja" && value !== "en")
    throw new InvalidArgumentError("ja or en / ja か en を指定してください");
  return value;
}

/** Options of `jcstar probe run`. */
export interface ProbeRunOptions {
  only?: string;
  json?: string;
  junit?: string;
  sarif?: string;
  lang: Lang;
  strict?: boolean;
  /** Folder for relative paths in the profile (keys, images); default the profile's folder. */
  files?: string;
  /** Send the run to a jcstar server as device-test evidence. */
  upload?: boolean;
  server?: string;
  token?: string;
  product?: string;
}

/**
 * `jcstar probe run PROFILE`: runs the profile's probes, prints progress to stderr and the report to
 * stdout, writes the requested files, and returns the exit code: 0 nothing FAILed or ERRORed,
 * 1 something did (or, with `strict`, was INCONCLUSIVE), 2 the run could not be done.
 */
export async function probeRun(
  profilePath: string,
  opts: ProbeRunOptions,
  io: ProbeIo = processIo,
): Promise<number> {
  const lang = opts.lang;
  let run: RunResult;
  let target: UploadTarget | null = null;
  try {
    if (opts.upload) target = uploadTarget(opts);
    const profile = await loadProfileFile(profilePath);
    const secret = profile.services.find((s) => s.auth?.passwordSecret !== undefined);
    if (secret)
      throw new RunError({
        ja: `services.${secret.id}.auth.passwordSecret はサーバーでの実行用です（サーバーの暗号化シークレットを参照します）。コマンドラインでは passwordEnv を使ってください`,
        en: `services.${secret.id}.auth.passwordSecret is for server-side runs (it names a secret stored on the server); on the command line use passwordEnv`,
      });
    const ask = io.ask;
    run = await runFullProfile(profile, {
      ...(opts.only !== undefined ? { only: opts.only } : {}),
      baseDir: opts.files ?? dirname(profilePath),
      ...(ask
        ? {
            prompt: async (message) => {
              io.err(`${clearLine(io)}\n${message[lang]}\n`);
              const a = await ask(
                lang === "ja"
                  ? "終わったら Enter（やめるときは skip）> "
                  : "press Enter when done (or type skip) > ",
              );
              return a !== null && a.trim().toLowerCase() !== "skip";
            },
          }
        : {}),
      onSecret: (label, value) => io.err(`${clearLine(io)}${label[lang]}: ${value}\n`),
      onProgress: progressPrinter(io, lang),
      onResult: (r) => io.err(`${clearLine(io)}[${r.verdict}] ${resultName(r)}: ${r.summary[lang]}\n`),
    });
  } catch (error) {
    io.err(`${clearLine(io)}${describeError(error, lang)}\n`);
    return 2;
  }
  io.out(renderTextReport(run, lang));
  try {
    if (opts.json) await writeFile(opts.json, `${JSON.stringify(run, null, 2)}\n`);
    if (opts.junit) await writeFile(opts.junit, renderJunit(run, lang));
    if (opts.sarif) {
      const profileSource = await readFile(profilePath, "utf8");
      await writeFile(opts.sarif, renderSarif(run, { lang, profilePath, profileSource }));
    }
    if (target) io.err(`${await uploadRun(run, target, lang)}\n`);
  } catch (error) {
    io.err(`${describeError(error, lang)}\n`);
    return 2;
  }
  return exitCodeFor(
    run.results.map((r) => r.verdict),
    opts.strict === true,
  );
}

/** Options of `jcstar probe ports`. */
export interface ProbePortsOptions {
  host: string;
  ports: string;
  declare?: string;
  json?: string;
  lang: Lang;
}

/**
 * `jcstar probe ports --host H --ports RANGE`: a quick TCP scan (and the UDP checks) of one host.
 * Without `--declare` it only lists what is open and exits 0; with `--declare` open ports outside
 * that list FAIL (exit 1). Exit 2 when the range is invalid or the host cannot be reached.
 */
export async function probePorts(opts: ProbePortsOptions, io: ProbeIo = processIo): Promise<number> {
  const lang = opts.lang;
  const startedAt = new Date().toISOString();
  let run: RunResult;
  try {
    const ports = parsePortRange(opts.ports);
    const declared = opts.declare
      ? parsePortRange(opts.declare).map((port) => ({ port, protocol: "tcp" as const }))
      : [];
    const address = await resolveHost(opts.host);
    await assertReachable(address, ports.slice(0, 3));
    const print = progressPrinter(io, lang);
    const result = await runPortsProbe({
      address,
      tcpPorts: ports,
      declared,
      onProgress: (message, transient) =>
        print({ probe: "ports", message, ...(transient ? { transient } : {}) }),
    });
    run = {
      tool: "jcstar",
      version: TOOL_VERSION,
      profile: `ports ${opts.host}`,
      host: opts.host,
      startedAt,
      finishedAt: new Date().toISOString(),
      results: [result],
    };
  } catch (error) {
    io.err(`${clearLine(io)}${describeError(error, lang)}\n`);
    return 2;
  }
  io.err(clearLine(io));
  io.out(renderTextReport(run, lang));
  if (opts.json) {
    try {
      await writeFile(opts.json, `${JSON.stringify(run, null, 2)}\n`);
    } catch (error) {
      io.err(`${describeError(error, lang)}\n`);
      return 2;
    }
  }
  return opts.declare
    ? exitCodeFor(
        run.results.map((r) => r.verdict),
        false,
      )
    : 0;
}

/** `jcstar probe`: device tests (run a profile, or a quick port scan). */
export function probeCommand(): Command {
  const probe = new Command("probe").description("device tests / 実機テスト");
  probe
    .command("run")
    .description("run the probes of a device profile / デバイスプロファイルのプローブを実行")
    .argument("<profile>", "device profile, YAML or JSON / デバイスプロファイル（YAML または JSON）")
    .option("--only <probes>", "comma-separated probes, e.g. ports,tls / 実行するプローブ（カンマ区切り）")
    .option("--json <file>", "write the results JSON / 結果 JSON を書き出す")
    .option("--junit <file>", "write JUnit XML / JUnit XML を書き出す")
    .option("--sarif <file>", "write SARIF 2.1.0 / SARIF 2.1.0 を書き出す")
    .option("--lang <ja|en>", "report language (default ja) / レポートの言語", parseLang, "ja" as Lang)
    .option("--strict", "exit 1 on INCONCLUSIVE too / INCONCLUSIVE でも終了コード 1")
    .option(
      "--files <dir>",
      "folder for relative paths in the profile (default: its folder) / プロファイル内の相対パスの基準フォルダ",
    )
    .option("--upload", "file the run as evidence on a jcstar server / 結果を証跡としてサーバーに登録")
    .option("--server <url>", "jcstar server for --upload (env JCSTAR_SERVER)")
    .option("--token <token>", "API token for --upload (env JCSTAR_TOKEN)")
    .option("--product <id>", "product the run is evidence for")
    .action(async (profilePath: string, opts: ProbeRunOptions) => {
      process.exitCode = await probeRun(profilePath, opts);
    });
  probe
    .command("ports")
    .description("quick TCP/UDP port scan of one host / 1 台のホストのポートを簡易走査")
    .requiredOption("--host <host>", "host to scan / 走査するホスト")
    .option("--ports <range>", "TCP ports, e.g. 1-1024,8080 (default 1-65535) / TCP ポート", "1-65535")
    .option(
      "--declare <ports>",
      "ports the product needs; others FAIL / 製品に必要なポート（それ以外は FAIL）",
    )
    .option("--json <file>", "write the results JSON / 結果 JSON を書き出す")
    .option("--lang <ja|en>", "report language (default ja) / レポートの言語", parseLang, "ja" as Lang)
    .action(async (opts: ProbePortsOptions) => {
      process.exitCode = await probePorts(opts);
    });
  probe
    .command("guide")
    .description(
      `walk a guided manual test (${GUIDES.map((g) => g.criterion).join(", ")}) / 手順に沿った手動試験`,
    )
    .argument("<criterion>", "criterion, e.g. S1.1-10 / 要件 ID")
    .option("--lang <ja|en>", "language (default ja) / 言語", parseLang, "ja" as Lang)
    .option("--json <file>", "write the results JSON / 結果 JSON を書き出す")
    .option("--tester <name>", "who tests (default: $USER) / 試験者")
    .option(
      "--upload",
      "file the record and its files as evidence on a jcstar server / 記録と添付を証跡として登録",
    )
    .option("--server <url>", "jcstar server for --upload (env JCSTAR_SERVER)")
    .option("--token <token>", "API token for --upload (env JCSTAR_TOKEN)")
    .option("--product <id>", "product the test is evidence for")
    .action(async (criterion: string, opts: ProbeGuideOptions) => {
      process.exitCode = await probeGuide(criterion, opts, {
        ...processIo,
        ask: processIo.ask ?? stdinAsker(),
      });
    });
  const imports = probe
    .command("import")
    .description("convert another tool's output into results JSON / 他ツールの出力を結果 JSON に変換");
  imports
    .command("nmap")
    .description("nmap -oX XML → ports results (S1.1-13) / nmap の XML を取り込む")
    .argument("<file>", "nmap XML output (-oX) / nmap の XML 出力")
    .option("--declare <ports>", "ports the product needs; others FAIL / 製品に必要なポート")
    .option("--lang <ja|en>", "language of errors (default ja) / エラーの言語", parseLang, "ja" as Lang)
    .option(
      "--upload",
      "file the result as supporting evidence on a jcstar server / 補足証跡としてサーバーに登録",
    )
    .option("--server <url>", "jcstar server for --upload (env JCSTAR_SERVER)")
    .option("--token <token>", "API token for --upload (env JCSTAR_TOKEN)")
    .option("--product <id>", "product the result is evidence for")
    .action(async (file: string, opts: ProbeImportOptions) => {
      process.exitCode = await probeImport("nmap", file, opts);
    });
  imports
    .command("testssl")
    .description("testssl.sh JSON → tls results (S1.1-12) / testssl.sh の JSON を取り込む")
    .argument("<file>", "testssl.sh --jsonfile or --jsonfile-pretty output / testssl.sh の JSON 出力")
    .option("--lang <ja|en>", "language of errors (default ja) / エラーの言語", parseLang, "ja" as Lang)
    .option(
      "--upload",
      "file the result as supporting evidence on a jcstar server / 補足証跡としてサーバーに登録",
    )
    .option("--server <url>", "jcstar server for --upload (env JCSTAR_SERVER)")
    .option("--token <token>", "API token for --upload (env JCSTAR_TOKEN)")
    .option("--product <id>", "product the result is evidence for")
    .action(async (file: string, opts: ProbeImportOptions) => {
      process.exitCode = await probeImport("testssl", file, opts);
    });
  return probe;
}

/** Options of `jcstar probe guide`. */
export interface ProbeGuideOptions {
  lang: Lang;
  json?: string;
  tester?: string;
  upload?: boolean;
  server?: string;
  token?: string;
  product?: string;
}

/**
 * `jcstar probe guide CRITERION`: walks the criterion's manual steps on the terminal (answers on
 * stdin: pass / fail / skip, a note, attachment files) and writes the answers as a results JSON
 * (probe `guide`); with `upload`, files it on a server with its attachments (uploaded by path, checked by
 * hash). Exit 0 nothing failed, 1 a step failed, 2 unknown criterion, unwritable output or failed upload.
 */
export async function probeGuide(criterion: string, opts: ProbeGuideOptions, io: ProbeIo): Promise<number> {
  const lang = opts.lang;
  const guide = guideFor(criterion);
  if (!guide) {
    const known = GUIDES.map((g) => g.criterion).join(", ");
    io.err(
      lang === "ja"
        ? `${criterion} の手順はありません（あるもの: ${known}）\n`
        : `no guide for ${criterion} (available: ${known})\n`,
    );
    return 2;
  }
  let target: UploadTarget | null = null;
  try {
    if (opts.upload) target = uploadTarget(opts);
  } catch (error) {
    io.err(`${describeError(error, lang)}\n`);
    return 2;
  }
  const ask = io.ask ?? (async () => null);
  let tester = opts.tester ?? process.env.USER ?? "";
  if (!tester)
    tester = ((await ask(lang === "ja" ? "試験者の名前 > " : "tester's name > ")) ?? "").trim() || "unknown";
  const startedAt = new Date().toISOString();
  const result = await walkGuide(guide, { write: io.err, ask }, { lang, tester });
  const run: RunResult = {
    tool: "jcstar",
    version: TOOL_VERSION,
    profile: `guide ${guide.criterion}`,
    host: "manual",
    startedAt,
    finishedAt: new Date().toISOString(),
    results: [result],
  };
  io.out(renderTextReport(run, lang));
  try {
    if (opts.json) await writeFile(opts.json, `${JSON.stringify(run, null, 2)}\n`);
    if (target) io.err(`${await uploadGuide(run, target, lang)}\n`);
  } catch (error) {
    io.err(`${describeError(error, lang)}\n`);
    return 2;
  }
  return exitCodeFor([result.verdict], false);
}

function progressPrinter(io: ProbeIo, lang: Lang): (event: ProgressEvent) => void {
  return (event) => {
    const where = event.service ? `${event.probe} ${event.service}` : event.probe;
    const line = `[${where}] ${event.message[lang]}`;
    if (event.transient) {
      if (io.errIsTty) io.err(`\r\x1b[2K${line}`);
      return;
    }
    io.err(`${clearLine(io)}${line}\n`);
  };
}

function clearLine(io: ProbeIo): string {
  return io.errIsTty ? "\r\x1b[2K" : "";
}

function describeError(error: unknown, lang: Lang): string {
  if (error instanceof ProfileError) return error.format(lang);
  if (error instanceof RunError) return error.text[lang];
  const message = error instanceof Error ? error.message : String(error);
  return lang === "ja" ? `実行できませんでした: ${message}` : `the run could not be done: ${message}`;
}

/** Options of `jcstar probe import nmap|testssl FILE`. */
export interface ProbeImportOptions {
  declare?: string;
  lang: Lang;
  /** File the converted run on a jcstar server as supporting evidence (S1.1-13 / S1.1-12). */
  upload?: boolean;
  server?: string;
  token?: string;
  product?: string;
}

/**
 * `jcstar probe import nmap|testssl FILE`: converts another tool's output into the results JSON
 * (supporting evidence) and prints it to stdout. Exit 0 when converted, 2 when the file cannot be
 * read or is not that tool's output.
 */
export async function probeImport(
  kind: "nmap" | "testssl",
  file: string,
  opts: ProbeImportOptions,
  io: Pick<ProbeIo, "out" | "err"> = processIo,
): Promise<number> {
  let run: RunResult;
  let target: UploadTarget | null = null;
  try {
    if (opts.upload) target = uploadTarget(opts);
    const source = await readFile(file, "utf8");
    const declared = opts.declare ? parsePortRange(opts.declare) : undefined;
    run =
      kind === "nmap"
        ? importNmapXml(source, { file, ...(declared ? { declared } : {}) })
        : importTestsslJson(source, { file });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(
      opts.lang === "ja"
        ? `取り込めませんでした: ${file}: ${message}\n`
        : `cannot import ${file}: ${message}\n`,
    );
    return 2;
  }
  io.out(`${JSON.stringify(run, null, 2)}\n`);
  if (target) {
    try {
      io.err(`${await uploadRun(run, target, opts.lang)}\n`);
    } catch (error) {
      io.err(`${describeError(error, opts.lang)}\n`);
      return 2;
    }
  }
  return 0;
}
