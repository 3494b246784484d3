import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { isoNow } from "../context/deps.ts";
import { isUniqueViolation } from "../db/db-errors.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { packageFromPurl } from "../vuln/purl.ts";
import {
  componentCreateSchema,
  firmwareImageCreateSchema,
  firmwareReleaseCreateSchema,
} from "./product.schema.ts";
import { getProduct } from "./product.ts";

export type FirmwareImage = {
  id: string;
  productId: string;
  name: string;
  description: string | null;
  createdAt: string;
};
export type FirmwareRelease = {
  id: string;
  productId: string;
  imageId: string | null;
  version: string;
  releasedOn: string;
  notes: string | null;
  securityFixes: string[];
  createdAt: string;
};
export type Component = {
  id: string;
  productId: string;
  imageId: string | null;
  releaseId: string | null;
  name: string;
  version: string | null;
  oss: boolean;
  supplier: string | null;
  license: string | null;
  purl: string | null;
  cpe: string | null;
  createdAt: string;
};

const label = (ctx: RequestContext, ja: string, en: string) => (ctx.lang === "ja" ? ja : en);

async function assertOwned(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  productId: string,
  table: "firmware_images" | "firmware_releases",
  id: string | null | undefined,
): Promise<void> {
  if (!id) return;
  const row = await deps.db
    .selectFrom(table)
    .select("id")
    .where("id", "=", id)
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!row) {
    const entity =
      table === "firmware_images"
        ? label(ctx, "ファームウェア", "Firmware image")
        : label(ctx, "リリース", "Release");
    throw new AppError("NOT_FOUND", { entity, id });
  }
}

export async function createFirmwareImage(
  deps: CoreDeps,
  ctx: RequestContext,
  productId: string,
  input: unknown,
) {
  const data = parseOrThrow(firmwareImageCreateSchema, input);
  await getProduct(deps, ctx, productId);
  const row = {
    id: newId("img"),
    org_id: ctx.orgId,
    product_id: productId,
    name: data.name,
    description: data.description ?? null,
    created_at: isoNow(deps),
  };
  try {
    await deps.db.insertInto("firmware_images").values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("ALREADY_EXISTS", {
        entity: label(ctx, "ファームウェア", "Firmware image"),
        key: data.name,
      });
    throw error;
  }
  return {
    id: row.id,
    productId,
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
  } satisfies FirmwareImage;
}

export async function listFirmwareImages(deps: Pick<CoreDeps, "db">, ctx: RequestContext, productId: string) {
  await getProduct(deps, ctx, productId);
  const rows = await deps.db
    .selectFrom("firmware_images")
    .selectAll()
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("name")
    .execute();
  return rows.map(
    (r): FirmwareImage => ({
      id: r.id,
      productId,
      name: r.name,
      description: r.description,
      createdAt: r.created_at,
    }),
  );
}

export async function createFirmwareRelease(
  deps: CoreDeps,
  ctx: RequestContext,
  productId: string,
  input: unknown,
) {
  const data = parseOrThrow(firmwareReleaseCreateSchema, input);
  await getProduct(deps, ctx, productId);
  await assertOwned(deps, ctx, productId, "firmware_images", data.imageId);
  const duplicate = await deps.db
    .selectFrom("firmware_releases")
    .select("id")
    .where("product_id", "=", productId)
    .where("version", "=", data.version)
    .where((eb) => (data.imageId ? eb("image_id", "=", data.imageId) : eb("image_id", "is", null)))
    .executeTakeFirst();
  if (duplicate)
    throw new AppError("ALREADY_EXISTS", { entity: label(ctx, "リリース", "Release"), key: data.version });
  const row = {
    id: newId("rel"),
    org_id: ctx.orgId,
    product_id: productId,
    image_id: data.imageId ?? null,
    version: data.version,
    released_on: data.releasedOn,
    notes: data.notes ?? null,
    security_fixes: JSON.stringify(data.securityFixes),
    created_at: isoNow(deps),
  };
  await deps.db.insertInto("firmware_releases").values(row).execute();
  return toRelease(row);
}

function toRelease(r: {
  id: string;
  product_id: string;
  image_id: string | null;
  version: string;
  released_on: string;
  notes: string | null;
  security_fixes: string;
  created_at: string;
}): FirmwareRelease {
  return {
    id: r.id,
    productId: r.product_id,
    imageId: r.image_id,
    version: r.version,
    releasedOn: r.released_on,
    notes: r.notes,
    securityFixes: JSON.parse(r.security_fixes) as string[],
    createdAt: r.created_at,
  };
}

/** Releases newest first (by release date, then creation): the first is the "latest version". */
export async function listFirmwareReleases(
  deps: Pick<CoreDeps, "db">,
  ctx: RequestContext,
  productId: string,
) {
  await getProduct(deps, ctx, productId);
  const rows = await deps.db
    .selectFrom("firmware_releases")
    .selectAll()
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("released_on", "desc")
    .orderBy("created_at", "desc")
    .execute();
  return rows.map(toRelease);
}

export async function createComponent(
  deps: CoreDeps,
  ctx: RequestContext,
  productId: string,
  input: unknown,
) {
  const data = parseOrThrow(componentCreateSchema, input);
  await getProduct(deps, ctx, productId);
  await assertOwned(deps, ctx, productId, "firmware_images", data.imageId);
  await assertOwned(deps, ctx, productId, "firmware_releases", data.releaseId);
  const row = {
    id: newId("cmp"),
    org_id: ctx.orgId,
    product_id: productId,
    image_id: data.imageId ?? null,
    release_id: data.releaseId ?? null,
    name: data.name,
    version: data.version ?? null,
    oss: data.oss ? 1 : 0,
    supplier: data.supplier ?? null,
    license: data.license ?? null,
    purl: data.purl ?? null,
    cpe: data.cpe ?? null,
    created_at: isoNow(deps),
    // What vulnerability matching needs, from the purl (vuln/purl.ts).
    ecosystem: data.purl ? (packageFromPurl(data.purl)?.ecosystem ?? null) : null,
    package: data.purl ? (packageFromPurl(data.purl)?.package ?? null) : null,
  };
  await deps.db.insertInto("components").values(row).execute();
  return toComponent(row);
}

function toComponent(r: {
  id: string;
  product_id: string;
  image_id: string | null;
  release_id: string | null;
  name: string;
  version: string | null;
  oss: number;
  supplier: string | null;
  license: string | null;
  purl: string | null;
  cpe: string | null;
  created_at: string;
}): Component {
  return {
    id: r.id,
    productId: r.product_id,
    imageId: r.image_id,
    releaseId: r.release_id,
    name: r.name,
    version: r.version,
    oss: r.oss === 1,
    supplier: r.supplier,
    license: r.license,
    purl: r.purl,
    cpe: r.cpe,
    createdAt: r.created_at,
  };
}

export async function listComponents(deps: Pick<CoreDeps, "db">, ctx: RequestContext, productId: string) {
  await getProduct(deps, ctx, productId);
  const rows = await deps.db
    .selectFrom("components")
    .selectAll()
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("name")
    .orderBy("version")
    .execute();
  return rows.map(toComponent);
}
