import type { Profile } from "@jcstar/probes";
import { z } from "zod";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import { isUniqueViolation } from "../db/db-errors.ts";
import { newId } from "../db/ids.ts";
import { inTransaction } from "../db/in-transaction.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { getProduct } from "../product/product.ts";
import { MAX_PROFILE_CHARS, parseServerProfile, profileSecretNames } from "./device-profile-source.ts";
import type { DeviceProfileTable } from "./device-tests.table.ts";

export const deviceProfileCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    source: z.string().min(1).max(MAX_PROFILE_CHARS),
  })
  .strict();

export const deviceProfileUpdateSchema = deviceProfileCreateSchema.extend({
  version: z.number().int().min(1),
});

export type DeviceProfile = {
  id: string;
  productId: string;
  name: string;
  source: string;
  /** What the profile tests, read from the text (null when the stored text no longer validates). */
  host: string | null;
  secrets: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
};

const entity = (ctx: RequestContext) => (ctx.lang === "ja" ? "デバイスプロファイル" : "Device profile");

function toProfile(row: DeviceProfileTable): DeviceProfile {
  let parsed: Profile | null = null;
  try {
    parsed = parseServerProfile(row.source, row.name);
  } catch {
    // Shown as invalid; a run of it is refused with the line-located problems.
  }
  return {
    id: row.id,
    productId: row.product_id,
    name: row.name,
    source: row.source,
    host: parsed?.host ?? null,
    secrets: parsed ? profileSecretNames(parsed) : [],
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listDeviceProfiles(deps: Pick<CoreDeps, "db">, ctx: RequestContext, productId: string) {
  await getProduct(deps, ctx, productId);
  const rows = await deps.db
    .selectFrom("device_profiles")
    .selectAll()
    .where("product_id", "=", productId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("name")
    .execute();
  return rows.map(toProfile);
}

export async function getDeviceProfile(deps: Pick<CoreDeps, "db">, ctx: RequestContext, profileId: string) {
  const row = await deps.db
    .selectFrom("device_profiles")
    .selectAll()
    .where("id", "=", profileId)
    .where("org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", { entity: entity(ctx), id: profileId });
  return toProfile(row);
}

function duplicate(ctx: RequestContext, name: string, error: unknown): never {
  if (isUniqueViolation(error)) throw new AppError("ALREADY_EXISTS", { entity: entity(ctx), key: name });
  throw error;
}

/** Stores a profile for the product; the text must pass the server-side profile check (line-located errors). */
export async function createDeviceProfile(
  deps: Pick<CoreDeps, "db" | "now">,
  ctx: RequestContext,
  productId: string,
  input: unknown,
) {
  const data = parseOrThrow(deviceProfileCreateSchema, input);
  parseServerProfile(data.source, data.name);
  await getProduct(deps, ctx, productId);
  const now = deps.now().toISOString();
  const row: DeviceProfileTable = {
    id: newId("dpr"),
    org_id: ctx.orgId,
    product_id: productId,
    name: data.name,
    source: data.source,
    version: 1,
    created_at: now,
    updated_at: now,
    updated_by: ctx.actor.id,
  };
  await inTransaction(deps.db, async (trx) => {
    await trx.insertInto("device_profiles").values(row).execute();
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "device_profile.created",
        entityType: "device_profile",
        entityId: row.id,
        data: { productId, name: row.name, source: row.source },
      },
      deps.now(),
    );
  }).catch((error) => duplicate(ctx, data.name, error));
  return toProfile(row);
}

/** Replaces a profile's name and text; `version` must be the one read (409 otherwise). */
export async function updateDeviceProfile(
  deps: Pick<CoreDeps, "db" | "now">,
  ctx: RequestContext,
  profileId: string,
  input: unknown,
) {
  const data = parseOrThrow(deviceProfileUpdateSchema, input);
  parseServerProfile(data.source, data.name);
  const now = deps.now().toISOString();
  await inTransaction(deps.db, async (trx) => {
    const current = await trx
      .selectFrom("device_profiles")
      .select(["id", "version"])
      .where("id", "=", profileId)
      .where("org_id", "=", ctx.orgId)
      .executeTakeFirst();
    if (!current) throw new AppError("NOT_FOUND", { entity: entity(ctx), id: profileId });
    const updated = await trx
      .updateTable("device_profiles")
      .set({
        name: data.name,
        source: data.source,
        version: data.version + 1,
        updated_at: now,
        updated_by: ctx.actor.id,
      })
      .where("id", "=", profileId)
      .where("org_id", "=", ctx.orgId)
      .where("version", "=", data.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      throw new AppError("VERSION_CONFLICT", { current: current.version, sent: data.version });
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "device_profile.updated",
        entityType: "device_profile",
        entityId: profileId,
        data: { name: data.name, source: data.source, version: data.version + 1 },
      },
      deps.now(),
    );
  }).catch((error) => duplicate(ctx, data.name, error));
  return getDeviceProfile(deps, ctx, profileId);
}

export async function deleteDeviceProfile(
  deps: Pick<CoreDeps, "db" | "now">,
  ctx: RequestContext,
  profileId: string,
) {
  await inTransaction(deps.db, async (trx) => {
    const gone = await trx
      .deleteFrom("device_profiles")
      .where("id", "=", profileId)
      .where("org_id", "=", ctx.orgId)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0)
      throw new AppError("NOT_FOUND", { entity: entity(ctx), id: profileId });
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "device_profile.deleted",
        entityType: "device_profile",
        entityId: profileId,
        data: {},
      },
      deps.now(),
    );
  });
}
