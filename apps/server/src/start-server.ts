import { readFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import {
  buildPlatformEndpoints,
  type Config,
  cleanTempFiles,
  createDb,
  DEFAULT_AUTH_POLICY,
  loadCatalog,
  loadInstanceKey,
  loadSigner,
  migrateToLatest,
  prepareSetupToken,
  recoverKeyRotation,
  scheduleReminderScan,
  startJobWorker,
} from "@jcstar/core";
import { createApp } from "./app.ts";
import type { AppDeps } from "./app-env.ts";
import { buildJobHandlers } from "./job-handlers.ts";
import { scheduleRegistryExport } from "./registry-export/registry-changed.ts";

/** The built web app shipped in this repository (apps/web/dist). */
export const DEFAULT_WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../web/dist");

export type RunningServer = {
  url: string;
  deps: AppDeps;
  /** The one-time first-run token (print it), or null when users exist already. */
  setupToken: string | null;
  close: () => Promise<void>;
};

export type ServerOptions = {
  tls?: { certFile: string; keyFile: string };
  webDir?: string | null;
  /**
   * One of several worker processes (`jcstar serve --workers N`): the primary already ran the one-time start
   * work ({@link prepareServer}), so this skips migrating, key-rotation recovery, the setup token and the
   * temp-file cleaning (another worker may be uploading). setupToken is then always null.
   */
  clusterWorker?: boolean;
};

/**
 * The one-time start work, for the primary of `jcstar serve --workers N` (which serves nothing itself):
 * validates the catalog, migrates, finishes a half-done key rotation, prepares the first-run setup token,
 * cleans temp upload files and loads or creates the audit signer. Returns the setup token (or null).
 */
export async function prepareServer(config: Config): Promise<{ setupToken: string | null }> {
  loadCatalog(config.catalogDirs);
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    await recoverKeyRotation(handle.db, config.dataDir);
    const instanceKey = loadInstanceKey(config.dataDir);
    const setupToken = await prepareSetupToken(handle.db, new Date());
    cleanTempFiles({ root: config.dataDir });
    await loadSigner(handle.db, instanceKey, config.dataDir, new Date());
    return { setupToken };
  } finally {
    await handle.close();
  }
}

/**
 * Starts jcstar: loads the catalog (failing fast on bad data), opens and migrates the database, loads or
 * creates the instance key, prepares the first-run setup token when nobody can sign in yet, and listens
 * (HTTPS when given a certificate). Resolves once the port is bound.
 */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const catalog = loadCatalog(config.catalogDirs);
  const tls = options.tls
    ? { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) }
    : undefined;
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const worker = options.clusterWorker === true;
    if (!worker) {
      await migrateToLatest(handle.db);
      // A key rotation that stopped half-way is finished or undone before the key is loaded.
      await recoverKeyRotation(handle.db, config.dataDir);
    }
    const instanceKey = loadInstanceKey(config.dataDir);
    const now = () => new Date();
    const setupToken = worker ? null : await prepareSetupToken(handle.db, now());
    const blobs = { root: config.dataDir };
    if (!worker) cleanTempFiles(blobs);
    const signer = await loadSigner(handle.db, instanceKey, config.dataDir, now());
    // Filled in once the port is bound (before any request or job can use it).
    const platform = { local: [] as string[], endpoints: [] as AppDeps["platform"]["endpoints"][number][] };
    const deps: AppDeps = {
      db: handle.db,
      catalog,
      now,
      instanceKey,
      authPolicy: DEFAULT_AUTH_POLICY,
      maxJsonBytes: config.maxJsonBytes,
      proxyTrust: config.proxyTrust,
      webDir: options.webDir === undefined ? DEFAULT_WEB_DIR : options.webDir,
      dataDir: config.dataDir,
      blobs,
      maxUploadBytes: config.maxUploadBytes,
      signer,
      pdfFont: config.pdfFont,
      platform,
      publicUrl: config.publicUrl,
      registryExportDir: config.registryExportDir,
    };
    const app = createApp(deps);
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve(
        {
          fetch: app.fetch,
          hostname: config.host,
          port: config.port,
          ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}),
        },
        () => resolve(s),
      );
      s.once("error", reject);
    });
    // Keep idle connections longer than clients and proxies do (they close first, so no request meets a closing socket).
    const http = server as { keepAliveTimeout?: number; headersTimeout?: number };
    http.keepAliveTimeout = 65_000;
    http.headersTimeout = 66_000;
    const { port } = server.address() as AddressInfo;
    const own = buildPlatformEndpoints({
      listen: [{ host: config.host, port }],
      databaseUrl: config.databaseUrl,
      interfaces: networkInterfaces(),
    });
    platform.local.push(...own.local);
    platform.endpoints.push(...own.endpoints);
    // Background jobs (device-test runs, reminders, …) from the job table shared by every server process.
    const jobWorker = startJobWorker({ db: handle.db, now, handlers: buildJobHandlers(deps) });
    await scheduleReminderScan(handle.db, now());
    if (deps.registryExportDir) await scheduleRegistryExport(handle.db, now());
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    return {
      url: `${tls ? "https" : "http"}://${host}:${port}`,
      deps,
      setupToken,
      close: async () => {
        // Finish in-flight requests, and tell idle keep-alive clients we are gone instead of leaving them a dead socket.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        await closed;
        await jobWorker.stop();
        await handle.close();
      },
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
