import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Config, createDb, ensureDefaultOrganisation, loadCatalog, migrateToLatest } from "@jcstar/core";
import { createApp } from "./app.ts";
import type { AppDeps } from "./app-env.ts";

export type RunningServer = { url: string; deps: AppDeps; close: () => Promise<void> };

/**
 * Starts jcstar: loads the catalog (failing fast on bad data), opens and migrates the database,
 * makes sure an organisation exists, and listens. Resolves once the port is bound.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const catalog = loadCatalog(config.catalogDirs);
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    const now = () => new Date();
    const org = await ensureDefaultOrganisation(handle.db, config.defaultOrgName, now());
    const deps: AppDeps = {
      db: handle.db,
      catalog,
      now,
      defaultOrgId: org.id,
      maxJsonBytes: config.maxJsonBytes,
    };
    const app = createApp(deps);
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
      s.once("error", reject);
    });
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    return {
      url: `http://${host}:${port}`,
      deps,
      close: async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await handle.close();
      },
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
