import { hostname, userInfo } from "node:os";
import {
  checkpoint,
  createDb,
  type Db,
  type Lang,
  loadCatalog,
  loadConfig,
  loadInstanceKey,
  loadSigner,
  migrateToLatest,
  type RequestContext,
  type VaultDeps,
} from "@jcstar/core";

/**
 * Runs `fn` directly on the instance's database and files (like `jcstar backup`), then signs the audit chain head
 * as the server does after a write. The actor is the operating-system user at this machine.
 */
export async function withInstance<T>(
  data: string | undefined,
  fn: (deps: VaultDeps, actorName: string) => Promise<T>,
): Promise<T> {
  const config = loadConfig(process.env, data ? { dataDir: data } : {});
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    const deps: VaultDeps = {
      db: handle.db,
      catalog: loadCatalog(),
      now: () => new Date(),
      blobs: { root: config.dataDir },
      maxUploadBytes: config.maxUploadBytes,
    };
    const result = await fn(deps, `cli ${userInfo().username}@${hostname()}`);
    const signer = await loadSigner(handle.db, loadInstanceKey(config.dataDir), config.dataDir, new Date());
    await checkpoint(handle.db, signer, new Date());
    return result;
  } finally {
    await handle.close();
  }
}

/** The context of a product's organisation (the CLI acts for whoever runs it on the server machine). */
export async function productContext(
  db: Db,
  productId: string,
  actorName: string,
  lang: Lang,
): Promise<RequestContext> {
  const product = await db
    .selectFrom("products")
    .select("org_id")
    .where("id", "=", productId)
    .executeTakeFirst();
  if (!product) throw new Error(`no such product: ${productId} / 製品が見つかりません`);
  return { orgId: product.org_id, actor: { id: null, name: actorName }, lang };
}

export const langOf = (value: string | undefined): Lang => (value === "en" ? "en" : "ja");
