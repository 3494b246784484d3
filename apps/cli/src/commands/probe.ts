import { writeFile } from "node:fs/promises";
import {
  assertReachable,
  exitCodeFor,
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
  runPortsProbe,
  runProfile,
  TOOL_VERSION,
} from "@jcstar/probes";
import { Command, InvalidArgumentError } from "commander";

/** Where the command writes: progress and errors to `err`, the report to `out`. */
export interface ProbeIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when `err` is a terminal (progress counters are then overwritten in place). */
  errIsTty: boolean;
}

const processIo: ProbeIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  errIsTty: process.stderr.isTTY === true,
};

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
  try {
    const profile = await loadProfileFile(profilePath);
    run = await runProfile(profile, {
      ...(opts.only !== undefined ? { only: opts.only } : {}),
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
    if (opts.sarif) await writeFile(opts.sarif, renderSarif(run, { lang, profilePath }));
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
  return probe;
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
