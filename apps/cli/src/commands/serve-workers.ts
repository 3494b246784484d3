import cluster, { type Worker } from "node:cluster";
import { createServer } from "node:net";
import type { Config } from "@jcstar/core";
import { prepareServer } from "@jcstar/server";

/** A worker that dies this often within {@link RESTART_WINDOW_MS} makes the primary give up. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
/** How long stopping workers may take to finish in-flight requests before they are killed. */
const STOP_GRACE_MS = 15_000;

type ReadyMessage = { jcstar: "ready"; url: string };

function isReady(message: unknown): message is ReadyMessage {
  return typeof message === "object" && message !== null && (message as ReadyMessage).jcstar === "ready";
}

/** A free port on host, so every worker listens on the same one (`--port 0`). */
function pickFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen({ host, port: 0, exclusive: true }, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** In a worker: tell the primary that this worker listens. */
export function reportWorkerReady(url: string): void {
  process.send?.({ jcstar: "ready", url } satisfies ReadyMessage);
}

/**
 * The primary of `jcstar serve --workers N`: does the one-time start work once, forks N workers sharing the
 * port (node:cluster), prints the URL once all listen, replaces a worker that dies (giving up after too many
 * deaths), and stops every worker on SIGINT/SIGTERM. Resolves with the exit code.
 */
export async function runServePrimary(
  config: Config,
  workers: number,
  announce: (url: string, setupToken: string | null) => void,
): Promise<number> {
  const { setupToken } = await prepareServer(config);
  const port = config.port === 0 ? await pickFreePort(config.host) : config.port;
  const env = { JCSTAR_CLUSTER_PORT: String(port) };
  let stopping = false;
  let announced = false;
  const listening = new Set<Worker>();
  const deaths: number[] = [];
  // Workers that died before listening, in a row: a start that cannot succeed (port taken, bad TLS file)
  // gives up however slowly the workers start.
  let failedStarts = 0;
  const live = new Set<Worker>();

  return new Promise<number>((resolve) => {
    let onAllGone = () => {};
    const finish = (code: number) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(code);
    };
    const stopAll = (code: number) => {
      stopping = true;
      if (live.size === 0) return finish(code);
      const killer = setTimeout(() => {
        for (const w of live) w.process.kill("SIGKILL");
      }, STOP_GRACE_MS);
      killer.unref();
      onAllGone = () => {
        clearTimeout(killer);
        finish(code);
      };
      for (const w of live) w.process.kill("SIGTERM");
    };
    const stop = () => {
      if (!stopping) stopAll(0);
    };
    const fork = () => {
      const worker = cluster.fork(env);
      live.add(worker);
      let ready = false;
      worker.on("message", (message: unknown) => {
        if (!isReady(message)) return;
        ready = true;
        failedStarts = 0;
        if (announced) return;
        listening.add(worker);
        if (listening.size >= workers) {
          announced = true;
          announce(message.url, setupToken);
        }
      });
      worker.on("exit", (code, signal) => {
        live.delete(worker);
        listening.delete(worker);
        if (stopping) {
          if (live.size === 0) onAllGone();
          return;
        }
        console.error(
          `jcstar: worker ${worker.process.pid} died (${signal ?? `exit ${code}`}) / ワーカーが停止しました`,
        );
        const now = Date.now();
        deaths.push(now);
        while (deaths.length > 0 && (deaths[0] ?? 0) < now - RESTART_WINDOW_MS) deaths.shift();
        if (!ready) failedStarts += 1;
        if (deaths.length > MAX_RESTARTS || failedStarts > MAX_RESTARTS) {
          console.error(
            `jcstar: workers died ${Math.max(deaths.length, failedStarts)} times (within a minute or before listening), giving up / ワーカーの停止が続くため終了します`,
          );
          stopAll(1);
          return;
        }
        fork();
      });
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    for (let i = 0; i < workers; i++) fork();
  });
}

/** In a cluster worker: the port the primary chose, or undefined outside `--workers N`. */
export function clusterWorkerPort(): number | undefined {
  if (cluster.isPrimary) return undefined;
  const port = Number(process.env.JCSTAR_CLUSTER_PORT);
  return Number.isInteger(port) ? port : undefined;
}
