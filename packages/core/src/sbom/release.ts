import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { AppError } from "../errors/app-error.ts";

const notFound = (ctx: RequestContext, id: string) =>
  new AppError("NOT_FOUND", { entity: ctx.lang === "ja" ? "リリース" : "Release", id });

/** A firmware release of the caller's organisation, by id (and product when given), or NOT_FOUND. */
export async function getReleaseRow(deps: Pick<CoreDeps, "db">, ctx: RequestContext, releaseId: string) {
  const row = await deps.db
    .selectFrom("firmware_releases")
    .selectAll()
    .where("id", "=", releaseId)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!row) throw notFound(ctx, releaseId);
  return row;
}

/** A release by product and version string (the CLI's `--product ID --release V`). */
export async function findReleaseByVersion(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  productId: string,
  version: string,
) {
  const row = await deps.db
    .selectFrom("firmware_releases")
    .selectAll()
    .where("product_id", "=", productId)
    .where("version", "=", version)
    .where("org_id", "=", ctx.orgId)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  if (!row) throw notFound(ctx, `${productId} ${version}`);
  return row;
}
