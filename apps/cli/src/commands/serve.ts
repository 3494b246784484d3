import cluster from "node:cluster";
import { loadConfig } from "@jcstar/core";
import { startServer } from "@jcstar/server";
import { Command, InvalidArgumentError } from "commander";
import { clusterWorkerPort, reportWorkerReady, runServePrimary } from "./serve-workers.ts";

export function parseWorkers(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new InvalidArgumentError("workers must be 1-64 / ワーカー数は 1〜64 で指定してください");
  }
  return n;
}

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
    .option("--workers <n>", "worker processes sharing the port (default 1)", parseWorkers)
    .action(
      async (opts: {
        port?: number;
        host?: string;
        data?: string;
        tlsCert?: string;
        tlsKey?: string;
        workers?: number;
      }) => {
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
        const announce = (url: string, setupToken: string | null) => {
          const db = config.databaseUrl ? "PostgreSQL" : `SQLite (${config.dataDir})`;
          const workers = (opts.workers ?? 1) > 1 ? `, ${opts.workers} workers` : "";
          console.log(`jcstar listening on ${url}  [${db}${workers}]`);
          console.log(`jcstar を ${url} で起動しました。終了するには Ctrl+C`);
          if (setupToken) {
            console.log(`\nFirst run: open ${url}/setup and enter this one-time setup token:`);
            console.log(`初回起動です。${url}/setup を開き、次のセットアップトークンを入力してください:`);
            console.log(`\n    ${setupToken}\n`);
          }
        };
        if ((opts.workers ?? 1) > 1 && cluster.isPrimary) {
          process.exitCode = await runServePrimary(config, opts.workers ?? 1, announce);
          return;
        }
        const workerPort = clusterWorkerPort();
        const server = await startServer(
          workerPort === undefined ? config : { ...config, port: workerPort },
          {
            ...(opts.tlsCert && opts.tlsKey ? { tls: { certFile: opts.tlsCert, keyFile: opts.tlsKey } } : {}),
            ...(workerPort !== undefined && { clusterWorker: true }),
          },
        ).catch((error: unknown) => {
          if (workerPort === undefined) throw error;
          // A worker that cannot start exits, so the primary sees it (its IPC channel would keep it alive).
          console.error(`jcstar worker: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        });
        if (workerPort === undefined) announce(server.url, server.setupToken);
        else reportWorkerReady(server.url);
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            server.close().then(resolve, resolve);
          };
          process.on("SIGINT", stop);
          process.on("SIGTERM", stop);
        });
        // A cluster worker's IPC channel to the primary would keep it alive.
        if (workerPort !== undefined) process.exit(0);
      },
    );
}
