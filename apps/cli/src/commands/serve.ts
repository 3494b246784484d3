import { loadConfig } from "@jcstar/core";
import { startServer } from "@jcstar/server";
import { Command, InvalidArgumentError } from "commander";

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError("port must be 0-65535 / ポートは 0〜65535 で指定してください");
  }
  return port;
}

/** `jcstar serve`: starts the platform (SQLite in the data folder unless DATABASE_URL says PostgreSQL). */
export function serveCommand(): Command {
  return new Command("serve")
    .description("start the platform / プラットフォームを起動")
    .option("--port <n>", "port (default 8080, env PORT; 0 picks a free one)", parsePort)
    .option("--host <addr>", "address to listen on (default 127.0.0.1, env JCSTAR_HOST)")
    .option("--data <dir>", "data folder (default ./data, env JCSTAR_DATA_DIR)")
    .option("--tls-cert <file>", "serve HTTPS with this PEM certificate (chain)")
    .option("--tls-key <file>", "…and this PEM private key")
    .action(
      async (opts: { port?: number; host?: string; data?: string; tlsCert?: string; tlsKey?: string }) => {
        if (!!opts.tlsCert !== !!opts.tlsKey) {
          throw new InvalidArgumentError(
            "--tls-cert and --tls-key go together / --tls-cert と --tls-key は両方指定してください",
          );
        }
        const config = loadConfig(process.env, {
          ...(opts.port !== undefined && { port: opts.port }),
          ...(opts.host && { host: opts.host }),
          ...(opts.data && { dataDir: opts.data }),
        });
        const server = await startServer(
          config,
          opts.tlsCert && opts.tlsKey ? { tls: { certFile: opts.tlsCert, keyFile: opts.tlsKey } } : {},
        );
        const db = config.databaseUrl ? "PostgreSQL" : `SQLite (${config.dataDir})`;
        console.log(`jcstar listening on ${server.url}  [${db}]`);
        console.log(`jcstar を ${server.url} で起動しました。終了するには Ctrl+C`);
        if (server.setupToken) {
          console.log(`\nFirst run: open ${server.url}/setup and enter this one-time setup token:`);
          console.log(
            `初回起動です。${server.url}/setup を開き、次のセットアップトークンを入力してください:`,
          );
          console.log(`\n    ${server.setupToken}\n`);
        }
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            server.close().then(resolve, resolve);
          };
          process.on("SIGINT", stop);
          process.on("SIGTERM", stop);
        });
      },
    );
}
