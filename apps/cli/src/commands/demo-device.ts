import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type DemoDevice,
  demoCertificate,
  demoDeviceProfile,
  type Lang,
  parseWeaknesses,
  startDemoDevice,
  statePaths,
} from "@jcstar/probes";
import { Command, InvalidArgumentError } from "commander";

/** Options of `jcstar demo-device`. */
export interface DemoDeviceCliOptions {
  port: number;
  host: string;
  variant: "good" | "bad";
  weakness?: string;
  state: string;
  tls?: boolean;
  telnetPort: number;
  passwordEnv?: string;
  rebootDelay: number;
  lang: Lang;
  /** Write the example profile, with the port the device listens on, to this file. */
  profileOut?: string;
}

/** The example profile of the reference device (examples/demo-device-profile.yaml). */
export const EXAMPLE_PROFILE = fileURLToPath(
  new URL("../../../../examples/demo-device-profile.yaml", import.meta.url),
);

/**
 * The example profile for a device listening on `host`:`port` (the example says 127.0.0.1:8480);
 * with `certificateSha256` (--tls) an https profile that pins the device's own certificate.
 */
export async function exampleProfileFor(
  port: number,
  host = "127.0.0.1",
  certificateSha256?: string,
): Promise<string> {
  return demoDeviceProfile(await readFile(EXAMPLE_PROFILE, "utf8"), {
    host,
    port,
    ...(certificateSha256 ? { certificateSha256 } : {}),
  });
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError("a port 0-65535 / 0〜65535 のポート番号");
  return n;
}

function parseVariant(value: string): "good" | "bad" {
  if (value !== "good" && value !== "bad") throw new InvalidArgumentError("good or bad / good か bad");
  return value;
}

function parseLang(value: string): Lang {
  if (value !== "ja" && value !== "en")
    throw new InvalidArgumentError("ja or en / ja か en を指定してください");
  return value;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * Starts the reference device from command-line options and prints where it listens, its
 * weaknesses and its state folder. Resolves with the running device (the command keeps it up until
 * SIGINT/SIGTERM). Throws on bad options.
 */
export async function startDemoFromCli(
  opts: DemoDeviceCliOptions,
  err: (text: string) => void = (t) => process.stderr.write(t),
): Promise<DemoDevice> {
  const ja = opts.lang === "ja";
  const weaknesses = parseWeaknesses(opts.weakness, opts.variant);
  const stateDir = resolve(opts.state);
  if (!LOOPBACK.test(opts.host))
    err(
      ja
        ? `警告: ${opts.host} で待ち受けます。弱点を持つ参照機器をネットワークに公開しないでください\n`
        : `warning: listening on ${opts.host}; do not expose a device with weaknesses to a network\n`,
    );
  const password = opts.passwordEnv ? process.env[opts.passwordEnv] : undefined;
  if (opts.passwordEnv && !password)
    throw new Error(
      `environment variable ${opts.passwordEnv} is empty / 環境変数 ${opts.passwordEnv} が空です`,
    );
  const tls = opts.tls ? demoCertificate(stateDir, opts.host) : undefined;
  const device = await startDemoDevice({
    stateDir,
    host: opts.host,
    port: opts.port,
    weaknesses,
    rebootDelayMs: opts.rebootDelay,
    ...(weaknesses.includes("telnet-port") ? { telnetPort: opts.telnetPort } : {}),
    ...(tls ? { tls: { key: tls.key, cert: tls.cert } } : {}),
    ...(password ? { provisionPassword: password } : {}),
    log: (line) => err(`[demo-device] ${line}\n`),
  });
  const p = statePaths(stateDir);
  if (opts.profileOut)
    await writeFile(opts.profileOut, await exampleProfileFor(device.port, opts.host, tls?.sha256));
  err(
    [
      ja ? `参照機器 JC-CAM-100: ${device.url}` : `reference device JC-CAM-100: ${device.url}`,
      `  ${ja ? "弱点" : "weaknesses"}: ${device.weaknesses.join(", ") || (ja ? "なし（good）" : "none (good)")}`,
      ...(device.telnetPort ? [`  telnet-like: ${device.host}:${device.telnetPort}`] : []),
      ...(tls ? [`  ${ja ? "証明書 SHA-256" : "certificate SHA-256"}: ${tls.sha256}`] : []),
      `  ${ja ? "状態フォルダ" : "state folder"}: ${stateDir}`,
      `  ${ja ? "メーカー公開鍵" : "vendor public key"}: ${p.vendorPub}`,
      `  ${ja ? "署名付きファームウェア" : "signed firmware"}: ${p.image} (+ .sig)`,
      ...(opts.profileOut
        ? [`  ${ja ? "デバイスプロファイル" : "device profile"}: ${resolve(opts.profileOut)}`]
        : []),
      password
        ? ja
          ? "  初回設定済み（パスワードは環境変数から）"
          : "  set up (password from the environment)"
        : ja
          ? '  初回設定: POST /api/setup {"password": "…"}'
          : '  first-use set-up: POST /api/setup {"password": "…"}',
      ja ? "Ctrl+C で停止" : "Ctrl+C to stop",
      "",
    ].join("\n"),
  );
  return device;
}

/** `jcstar demo-device`: the reference device for the device-test demo (register in main.ts). */
export function demoDeviceCommand(): Command {
  return new Command("demo-device")
    .description("run the reference device for device tests / 実機テスト用の参照機器を起動")
    .option("--port <n>", "HTTP(S) port (0 = any free port) / ポート", parsePort, 8480)
    .option("--host <address>", "listen address (default 127.0.0.1) / 待ち受けアドレス", "127.0.0.1")
    .option(
      "--variant <good|bad>",
      "bad = every weakness on / bad はすべての弱点を有効化",
      parseVariant,
      "good",
    )
    .option(
      "--weakness <list>",
      "default-password,no-lockout,accepts-tampered,forgets-settings,keeps-data-after-reset,telnet-port",
    )
    .option("--state <dir>", "state folder (keys, firmware, settings) / 状態フォルダ", "jcstar-demo-device")
    .option("--tls", "HTTPS with a self-signed certificate / 自己署名証明書で HTTPS")
    .option("--telnet-port <n>", "port of the telnet-like service (weakness telnet-port)", parsePort, 2323)
    .option(
      "--password-env <name>",
      "set the device up with the password in this variable, a changed setting and a recording / この環境変数のパスワードで初回設定済みにする",
    )
    .option("--reboot-delay <ms>", "time off the network on restart / 再起動中の停止時間 (ms)", Number, 1500)
    .option("--lang <ja|en>", "language (default ja) / 言語", parseLang, "ja" as Lang)
    .option(
      "--profile-out <file>",
      "write the example profile with this device's host and port (with --tls: https, certificate pinned) / この機器のホスト・ポートに合わせた例のプロファイルを書き出す（--tls では https と証明書のピン留め）",
    )
    .action(async (opts: DemoDeviceCliOptions) => {
      let device: DemoDevice;
      try {
        device = await startDemoFromCli(opts);
      } catch (error) {
        process.stderr.write(`${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      await new Promise<void>((resolveStop) => {
        const stop = () => resolveStop();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await device.close();
    });
}
