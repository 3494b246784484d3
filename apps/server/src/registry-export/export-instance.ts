import {
  type Config,
  createDb,
  DEFAULT_AUTH_POLICY,
  loadCatalog,
  loadInstanceKey,
  loadSigner,
  migrateToLatest,
} from "@jcstar/core";
import type { AppDeps } from "../app-env.ts";
import { exportRegistry, type RegistryExportResult } from "./export-registry.ts";

/**
 * `jcstar registry export DIR`: one incremental export of the instance configured by `config` (its database and
 * data folder), outside any server process — the same files the `registry-export` job writes.
 */
export async function exportInstanceRegistry(config: Config, dir: string): Promise<RegistryExportResult> {
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    const instanceKey = loadInstanceKey(config.dataDir);
    const deps: AppDeps = {
      db: handle.db,
      catalog: loadCatalog(config.catalogDirs),
      now: () => new Date(),
      instanceKey,
      authPolicy: DEFAULT_AUTH_POLICY,
      maxJsonBytes: config.maxJsonBytes,
      proxyTrust: config.proxyTrust,
      webDir: null,
      dataDir: config.dataDir,
      blobs: { root: config.dataDir },
      maxUploadBytes: config.maxUploadBytes,
      signer: await loadSigner(handle.db, instanceKey, config.dataDir, new Date()),
      platform: { local: [], endpoints: [] },
      publicUrl: config.publicUrl,
    };
    return await exportRegistry(deps, dir);
  } finally {
    await handle.close();
  }
}
