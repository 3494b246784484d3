import { z } from "zod";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { inTransaction } from "../db/in-transaction.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import type { InstanceKey } from "../secrets/instance-key.ts";
import { getSecret, putSecret } from "../secrets/secret-store.ts";

/**
 * Device passwords for server-side runs, in the instance's encrypted secret store (AES-256-GCM), one namespace per
 * organisation. Write-only: names and times can be listed, values are never returned by any API.
 */
export const secretNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, "letters, digits, '.', '_', '-' (at most 64)");

export const deviceSecretPutSchema = z.object({ value: z.string().min(1).max(1000) }).strict();

export type DeviceSecretInfo = { name: string; updatedAt: string };

const prefix = (orgId: string) => `device:${orgId}:`;
const storedName = (orgId: string, name: string) => `${prefix(orgId)}${name}`;

export type SecretDeps = Pick<CoreDeps, "db" | "now"> & { instanceKey: InstanceKey };

function checkName(ctx: RequestContext, name: string): string {
  const parsed = secretNameSchema.safeParse(name);
  if (!parsed.success)
    throw new AppError("NOT_FOUND", { entity: ctx.lang === "ja" ? "シークレット" : "Secret", id: name });
  return parsed.data;
}

export async function listDeviceSecrets(deps: Pick<CoreDeps, "db">, ctx: RequestContext) {
  const rows = await deps.db
    .selectFrom("secrets")
    .select(["name", "updated_at"])
    .where("name", "like", `${prefix(ctx.orgId)}%`)
    .orderBy("name")
    .execute();
  // LIKE treats "_" in the id as a wildcard: keep only exact prefixes.
  return rows
    .filter((r) => r.name.startsWith(prefix(ctx.orgId)))
    .map(
      (r): DeviceSecretInfo => ({ name: r.name.slice(prefix(ctx.orgId).length), updatedAt: r.updated_at }),
    );
}

/** Stores (or replaces) a device password. The audit entry names the secret, never its value. */
export async function setDeviceSecret(deps: SecretDeps, ctx: RequestContext, name: string, input: unknown) {
  const secret = parseOrThrow(secretNameSchema, name);
  const { value } = parseOrThrow(deviceSecretPutSchema, input);
  const now = deps.now();
  await inTransaction(deps.db, async (trx) => {
    await putSecret(trx, deps.instanceKey, storedName(ctx.orgId, secret), value, now);
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "device_secret.set",
        entityType: "device_secret",
        entityId: secret,
        data: { name: secret },
      },
      now,
    );
  });
  return { name: secret, updatedAt: now.toISOString() } satisfies DeviceSecretInfo;
}

export async function deleteDeviceSecret(deps: SecretDeps, ctx: RequestContext, name: string) {
  const secret = checkName(ctx, name);
  const now = deps.now();
  await inTransaction(deps.db, async (trx) => {
    const gone = await trx
      .deleteFrom("secrets")
      .where("name", "=", storedName(ctx.orgId, secret))
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0)
      throw new AppError("NOT_FOUND", { entity: ctx.lang === "ja" ? "シークレット" : "Secret", id: secret });
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "device_secret.deleted",
        entityType: "device_secret",
        entityId: secret,
        data: { name: secret },
      },
      now,
    );
  });
}

/** Names among `names` that the organisation has not stored. */
export async function missingDeviceSecrets(
  db: Db,
  orgId: string,
  names: readonly string[],
): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await db
    .selectFrom("secrets")
    .select("name")
    .where(
      "name",
      "in",
      names.map((n) => storedName(orgId, n)),
    )
    .execute();
  const have = new Set(rows.map((r) => r.name));
  return names.filter((n) => !have.has(storedName(orgId, n)));
}

/** Decrypts the named device passwords for a run (inside the job only). Throws DEVICE_SECRET_MISSING. */
export async function readDeviceSecrets(
  db: Db,
  key: InstanceKey,
  orgId: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  const missing: string[] = [];
  for (const name of names) {
    const value = await getSecret(db, key, storedName(orgId, name));
    if (value === null) missing.push(name);
    else values.set(name, value);
  }
  if (missing.length > 0) throw new AppError("DEVICE_SECRET_MISSING", { names: missing.join(", ") });
  return values;
}
