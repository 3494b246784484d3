import { existsSync } from "node:fs";
import type { Readable } from "node:stream";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";
import { getProduct } from "../product/product.ts";
import { loadReadiness } from "../readiness/load-readiness-input.ts";
import type { Readiness } from "../readiness/readiness.ts";
import { type SignoffStatus, signoffStatus } from "../signoff/signoff.ts";
import { blobPath, readBlob } from "../vault/blob-store.ts";
import { packageStore } from "./build-package.ts";
import type { PackageDeps } from "./package-entry.ts";
import { type ApplicationPackage, toPackage } from "./package-record.ts";

/** Every package built for a product, newest first. */
export async function listPackages(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  productId: string,
): Promise<ApplicationPackage[]> {
  await getProduct(deps, ctx, productId);
  const rows = await deps.db
    .selectFrom("application_packages")
    .selectAll()
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map(toPackage);
}

/** A built package and its ZIP as a stream (NOT_FOUND when the row or the file is gone). */
export async function openPackage(
  deps: Pick<PackageDeps, "db" | "dataDir">,
  ctx: RequestContext,
  packageId: string,
): Promise<{ record: ApplicationPackage; stream: Readable }> {
  const row = await deps.db
    .selectFrom("application_packages")
    .selectAll()
    .where("id", "=", packageId)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  const entity = ctx.lang === "ja" ? "申請パッケージ" : "Application package";
  if (!row) throw new AppError("NOT_FOUND", { entity, id: packageId });
  const store = packageStore(deps);
  if (!existsSync(blobPath(store, row.zip_sha256)))
    throw new AppError("NOT_FOUND", { entity, id: packageId });
  return { record: toPackage(row), stream: readBlob(store, row.zip_sha256) };
}

export type PackageStatus = {
  readiness: Readiness;
  signoff: SignoffStatus;
  /** Ready and signed off: a package can be built. */
  canBuild: boolean;
  packages: ApplicationPackage[];
};

/** What the package page shows: readiness (with application items), sign-off, and history. */
export async function packageStatus(
  deps: Pick<CoreDeps, "db" | "catalog" | "now">,
  ctx: RequestContext,
  productId: string,
): Promise<PackageStatus> {
  const signoff = await signoffStatus(deps, ctx, productId);
  const { readiness: ready } = await loadReadiness(
    deps,
    ctx,
    { productId },
    signoff.current ? { route: signoff.current.route } : {},
  );
  return {
    readiness: ready,
    signoff,
    canBuild: ready.ready && signoff.current !== null,
    packages: await listPackages(deps, ctx, productId),
  };
}
