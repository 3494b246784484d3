import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { isUniqueViolation } from "../db/db-errors.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { getProduct } from "../product/product.ts";
import type { DocumentFacts } from "./facts.ts";
import { type DocumentInputs, documentInputsSchema, documentInputsUpdateSchema } from "./inputs.schema.ts";

/** A product's document inputs; `version` 0 means none stored yet (the defaults). */
export type StoredDocumentInputs = {
  productId: string;
  data: DocumentInputs;
  version: number;
  updatedAt: string | null;
};

export async function getDocumentInputs(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  productId: string,
): Promise<StoredDocumentInputs> {
  await getProduct(deps, ctx, productId);
  const row = await deps.db
    .selectFrom("document_inputs")
    .selectAll()
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!row) return { productId, data: documentInputsSchema.parse({}), version: 0, updatedAt: null };
  return {
    productId,
    data: documentInputsSchema.parse(JSON.parse(row.data)),
    version: row.version,
    updatedAt: row.updated_at,
  };
}

/** Replaces a product's document inputs; `version` must be the one read (0 for the first save). */
export async function updateDocumentInputs(
  deps: CoreDeps,
  ctx: RequestContext,
  productId: string,
  input: unknown,
): Promise<StoredDocumentInputs> {
  const { version, data } = parseOrThrow(documentInputsUpdateSchema, input);
  await getProduct(deps, ctx, productId);
  const now = deps.now().toISOString();
  try {
    await deps.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom("document_inputs")
        .select(["id", "version"])
        .where("product_id", "=", productId)
        .where("org_id", "=", ctx.orgId)
        .executeTakeFirst();
      if ((current?.version ?? 0) !== version)
        throw new AppError("VERSION_CONFLICT", { current: current?.version ?? 0, sent: version });
      const id = current?.id ?? newId("din");
      if (current) {
        const updated = await trx
          .updateTable("document_inputs")
          .set({
            data: JSON.stringify(data),
            version: version + 1,
            updated_at: now,
            updated_by: ctx.actor.id,
          })
          .where("id", "=", current.id)
          .where("version", "=", version)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1)
          throw new AppError("VERSION_CONFLICT", { current: "?", sent: version });
      } else {
        await trx
          .insertInto("document_inputs")
          .values({
            id,
            org_id: ctx.orgId,
            product_id: productId,
            data: JSON.stringify(data),
            version: 1,
            created_at: now,
            updated_at: now,
            updated_by: ctx.actor.id,
          })
          .execute();
      }
      await appendAudit(
        trx,
        {
          orgId: ctx.orgId,
          actor: ctx.actor.id,
          action: "document_inputs.updated",
          entityType: "document_inputs",
          entityId: id,
          data: { productId, version: version + 1 },
        },
        deps.now(),
      );
    });
  } catch (error) {
    // Two first saves at once: the second one lost the race.
    if (isUniqueViolation(error)) throw new AppError("VERSION_CONFLICT", { current: 1, sent: version });
    throw error;
  }
  return getDocumentInputs(deps, ctx, productId);
}

/** What the documents of a product are rendered from (organisation, product, model numbers, inputs). */
export async function documentFacts(db: Db, ctx: RequestContext, productId: string): Promise<DocumentFacts> {
  const product = await getProduct({ db }, ctx, productId);
  const org = await db
    .selectFrom("organisations")
    .select(["name", "corporate_number"])
    .where("id", "=", ctx.orgId)
    .executeTakeFirstOrThrow();
  const models = await db
    .selectFrom("model_numbers")
    .select("model_number")
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("created_at")
    .orderBy("model_number")
    .execute();
  const inputs = await getDocumentInputs({ db }, ctx, productId);
  return {
    org: { name: org.name, corporateNumber: org.corporate_number },
    product: {
      id: product.id,
      name: product.name,
      modelNumbers: models.map((m) => m.model_number),
      supportEndDate: product.supportEndDate,
    },
    inputs: inputs.data,
  };
}
