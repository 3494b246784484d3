import {
  createApiToken,
  createAssessment,
  createDb,
  createOrganisation,
  createProduct,
  createUser,
  loadCatalog,
  migrateToLatest,
} from "@jcstar/core";

/**
 * For CLI tests: a data folder with a maker, an editor with a write API token, and one product with its
 * assessment — what a lab needs before it starts `jcstar serve` and uploads device-test results to it.
 */
export async function seedLabProduct(
  data: string,
  product: { name: string; category: string },
): Promise<{ token: string; productId: string; assessmentId: string }> {
  const handle = await createDb({ dataDir: data });
  try {
    await migrateToLatest(handle.db);
    const now = () => new Date();
    const org = await createOrganisation(handle.db, "Maker", now());
    const user = await createUser(
      handle.db,
      {
        email: "lab@example.jp",
        name: "Lab",
        password: "a long lab passphrase",
        orgId: org.id,
        role: "editor",
      },
      now(),
    );
    const { token } = await createApiToken(handle.db, user.id, { name: "lab", scope: "write" }, now());
    const ctx = { orgId: org.id, actor: { id: user.id, name: "Lab" }, lang: "en" as const };
    const deps = { db: handle.db, catalog: loadCatalog(), now };
    const productId = (await createProduct(deps, ctx, product)).id;
    const assessmentId = (await createAssessment(deps, ctx, productId)).id;
    return { token, productId, assessmentId };
  } finally {
    await handle.close();
  }
}
