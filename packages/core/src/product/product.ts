import type { Selectable } from "kysely";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { isoNow } from "../context/deps.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import {
  type Connectivity,
  connectivitySchema,
  type ProductCategory,
  productCreateSchema,
  productUpdateSchema,
  type Route,
} from "./product.schema.ts";
import type { ProductTable } from "./product.table.ts";

export type Product = {
  id: string;
  orgId: string;
  name: string;
  category: ProductCategory;
  description: string | null;
  connectivity: Connectivity;
  supportEndDate: string | null;
  defaultRoute: Route;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export function toProduct(row: Selectable<ProductTable>): Product {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    category: row.category as ProductCategory,
    description: row.description,
    connectivity: connectivitySchema.parse(JSON.parse(row.connectivity)),
    supportEndDate: row.support_end_date,
    defaultRoute: row.default_route as Route,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A product of the caller's organisation, or NOT_FOUND (also for another organisation's product). */
export async function getProduct(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  id: string,
): Promise<Product> {
  const row = await deps.db
    .selectFrom("products")
    .selectAll()
    .where("id", "=", id)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", { entity: ctx.lang === "ja" ? "製品" : "Product", id });
  return toProduct(row);
}

export async function listProducts(deps: Pick<CoreDeps, "db">, ctx: RequestContext): Promise<Product[]> {
  const rows = await deps.db
    .selectFrom("products")
    .selectAll()
    .where("org_id", "=", ctx.orgId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map(toProduct);
}

/** Creates a product with its model numbers in one transaction. */
export async function createProduct(deps: CoreDeps, ctx: RequestContext, input: unknown): Promise<Product> {
  const data = parseOrThrow(productCreateSchema, input);
  const duplicates = data.modelNumbers.filter((m, i) => data.modelNumbers.indexOf(m) !== i);
  if (duplicates.length > 0) {
    throw new AppError("ALREADY_EXISTS", {
      entity: ctx.lang === "ja" ? "型番" : "Model number",
      key: duplicates[0] ?? "",
    });
  }
  const now = isoNow(deps);
  const row = {
    id: newId("prd"),
    org_id: ctx.orgId,
    name: data.name,
    category: data.category,
    description: data.description ?? null,
    connectivity: JSON.stringify(data.connectivity),
    support_end_date: data.supportEndDate ?? null,
    default_route: data.defaultRoute,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto("products").values(row).execute();
    if (data.modelNumbers.length > 0) {
      await trx
        .insertInto("model_numbers")
        .values(
          data.modelNumbers.map((modelNumber) => ({
            id: newId("mdl"),
            org_id: ctx.orgId,
            product_id: row.id,
            model_number: modelNumber,
            note: null,
            created_at: now,
          })),
        )
        .execute();
    }
  });
  return toProduct(row);
}

/** Updates the fields given; `version` must be the one read, otherwise VERSION_CONFLICT. */
export async function updateProduct(
  deps: CoreDeps,
  ctx: RequestContext,
  id: string,
  input: unknown,
): Promise<Product> {
  const data = parseOrThrow(productUpdateSchema, input);
  return deps.db.transaction().execute(async (trx) => {
    const current = await getProduct({ db: trx }, ctx, id);
    if (current.version !== data.version) {
      throw new AppError("VERSION_CONFLICT", { current: current.version, sent: data.version });
    }
    const patch = {
      ...(data.name !== undefined && { name: data.name }),
      ...(data.category !== undefined && { category: data.category }),
      ...(data.description !== undefined && { description: data.description }),
      ...(data.connectivity !== undefined && { connectivity: JSON.stringify(data.connectivity) }),
      ...(data.supportEndDate !== undefined && { support_end_date: data.supportEndDate }),
      ...(data.defaultRoute !== undefined && { default_route: data.defaultRoute }),
      version: current.version + 1,
      updated_at: isoNow(deps),
    };
    const result = await trx
      .updateTable("products")
      .set(patch)
      .where("id", "=", id)
      .where("org_id", "=", ctx.orgId)
      .where("version", "=", data.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new AppError("VERSION_CONFLICT", { current: "?", sent: data.version });
    }
    return getProduct({ db: trx }, ctx, id);
  });
}

/** Deletes a product that has no assessment yet; assessed products keep their record (evidence retention). */
export async function deleteProduct(deps: CoreDeps, ctx: RequestContext, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await getProduct({ db: trx }, ctx, id);
    const assessment = await trx
      .selectFrom("assessments")
      .select("id")
      .where("product_id", "=", id)
      .executeTakeFirst();
    if (assessment) {
      throw new AppError("IN_USE", {
        entity: ctx.lang === "ja" ? "製品" : "Product",
        id,
        reason: ctx.lang === "ja" ? "自己適合評価があります" : "it has a self-assessment",
      });
    }
    await trx.deleteFrom("products").where("id", "=", id).where("org_id", "=", ctx.orgId).execute();
  });
}
