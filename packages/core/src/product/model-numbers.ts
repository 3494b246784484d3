import { parse } from "csv-parse/sync";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { isoNow } from "../context/deps.ts";
import { isUniqueViolation } from "../db/db-errors.ts";
import { newId } from "../db/ids.ts";
import { AppError, type ErrorDetail } from "../errors/app-error.ts";
import { parseOrThrow, zodDetails } from "../errors/zod-details.ts";
import { modelNumberCreateSchema, modelNumberSchema } from "./product.schema.ts";
import { getProduct } from "./product.ts";

export type ModelNumber = {
  id: string;
  productId: string;
  modelNumber: string;
  note: string | null;
  createdAt: string;
};

/** Largest CSV accepted for a model-number import. */
export const MODEL_NUMBER_CSV_MAX_BYTES = 1024 * 1024;
export const MODEL_NUMBER_CSV_MAX_ROWS = 5000;

export async function listModelNumbers(deps: Pick<CoreDeps, "db">, ctx: RequestContext, productId: string) {
  await getProduct(deps, ctx, productId);
  const rows = await deps.db
    .selectFrom("model_numbers")
    .selectAll()
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("model_number")
    .execute();
  return rows.map(
    (r): ModelNumber => ({
      id: r.id,
      productId: r.product_id,
      modelNumber: r.model_number,
      note: r.note,
      createdAt: r.created_at,
    }),
  );
}

function duplicateError(ctx: RequestContext, key: string): AppError {
  return new AppError("ALREADY_EXISTS", { entity: ctx.lang === "ja" ? "型番" : "Model number", key });
}

export async function addModelNumber(
  deps: CoreDeps,
  ctx: RequestContext,
  productId: string,
  input: unknown,
): Promise<ModelNumber> {
  const data = parseOrThrow(modelNumberCreateSchema, input);
  await getProduct(deps, ctx, productId);
  const row = {
    id: newId("mdl"),
    org_id: ctx.orgId,
    product_id: productId,
    model_number: data.modelNumber,
    note: data.note ?? null,
    created_at: isoNow(deps),
  };
  try {
    await deps.db.insertInto("model_numbers").values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateError(ctx, data.modelNumber);
    throw error;
  }
  return { id: row.id, productId, modelNumber: row.model_number, note: row.note, createdAt: row.created_at };
}

export async function removeModelNumber(deps: CoreDeps, ctx: RequestContext, productId: string, id: string) {
  await getProduct(deps, ctx, productId);
  const result = await deps.db
    .deleteFrom("model_numbers")
    .where("id", "=", id)
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) {
    throw new AppError("NOT_FOUND", { entity: ctx.lang === "ja" ? "型番" : "Model number", id });
  }
}

/**
 * Parses a model-number CSV: first column the model number, optional second column a note;
 * a header row (`model_number`, `型番`, `modelNumber`) is skipped. All rows are checked first;
 * any bad row rejects the whole file with one detail per row.
 */
export function parseModelNumberCsv(csv: string): { modelNumber: string; note: string | null }[] {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ""), {
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      max_record_size: 4096,
    }) as string[][];
  } catch (error) {
    throw new AppError("INVALID_CSV", { reason: (error as Error).message });
  }
  const header = records[0]?.[0]?.toLowerCase().replace(/[\s_]/g, "");
  if (header && ["modelnumber", "型番", "model"].includes(header)) records = records.slice(1);
  if (records.length > MODEL_NUMBER_CSV_MAX_ROWS) {
    throw new AppError("INVALID_CSV", { reason: `more than ${MODEL_NUMBER_CSV_MAX_ROWS} rows` });
  }
  const details: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  const rows = records.map((record, index) => {
    const line = index + 1;
    const parsed = modelNumberSchema.safeParse(record[0] ?? "");
    if (!parsed.success) details.push(...zodDetails(parsed.error.issues, `rows.${line}.modelNumber`));
    const modelNumber = parsed.success ? parsed.data : "";
    if (parsed.success && seen.has(modelNumber)) {
      details.push({
        path: `rows.${line}.modelNumber`,
        message: {
          ja: `${seen.get(modelNumber)} 行目と重複しています。`,
          en: `Duplicates row ${seen.get(modelNumber)}.`,
        },
      });
    }
    seen.set(modelNumber, line);
    const note = record[1]?.slice(0, 500) || null;
    return { modelNumber, note };
  });
  if (details.length > 0) throw new AppError("VALIDATION_FAILED", {}, details);
  return rows;
}

/**
 * Imports model numbers from CSV in one transaction: all rows are added, or none.
 * Model numbers the product already has are reported as skipped, not as errors.
 */
export async function importModelNumbersCsv(
  deps: CoreDeps,
  ctx: RequestContext,
  productId: string,
  csv: string,
): Promise<{ added: number; skipped: string[] }> {
  if (Buffer.byteLength(csv) > MODEL_NUMBER_CSV_MAX_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", { limit: MODEL_NUMBER_CSV_MAX_BYTES });
  }
  const rows = parseModelNumberCsv(csv);
  await getProduct(deps, ctx, productId);
  const now = isoNow(deps);
  return deps.db.transaction().execute(async (trx) => {
    const existing = new Set(
      (
        await trx
          .selectFrom("model_numbers")
          .select("model_number")
          .where("product_id", "=", productId)
          .execute()
      ).map((r) => r.model_number),
    );
    const fresh = rows.filter((r) => !existing.has(r.modelNumber));
    for (let i = 0; i < fresh.length; i += 500) {
      await trx
        .insertInto("model_numbers")
        .values(
          fresh.slice(i, i + 500).map((r) => ({
            id: newId("mdl"),
            org_id: ctx.orgId,
            product_id: productId,
            model_number: r.modelNumber,
            note: r.note,
            created_at: now,
          })),
        )
        .execute();
    }
    return {
      added: fresh.length,
      skipped: rows.filter((r) => existing.has(r.modelNumber)).map((r) => r.modelNumber),
    };
  });
}
