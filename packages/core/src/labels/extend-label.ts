import { appendAudit } from "../audit/audit-log.ts";
import { AppError } from "../errors/app-error.ts";
import { assertNotOwnOrg } from "./conflict-of-interest.ts";
import type { LabelDeps, RegistryActor } from "./issue-label.ts";
import { findLabelRow, type Label, labelNotFound, toLabel } from "./label.ts";
import { activeLabelKey } from "./label-keys.ts";
import { type LabelClaim, signLabel } from "./label-token.ts";
import { readRegistrySettings, registryPublicUrl } from "./registry-settings.ts";

/**
 * Extends a label this registry issued (更新), inside the caller's transaction (the lifecycle's `extend` step):
 * a new last valid day and a payload signed anew with the active key (the old payload's `exp` would otherwise
 * say it expired). The registration number, product and validFrom stay. Audit entry `label.extend`.
 */
export async function extendLabelIn(
  deps: LabelDeps,
  actor: RegistryActor,
  input: { registrationNumber: string; validUntil: string },
): Promise<Label> {
  const trx = deps.db;
  const lang = actor.lang ?? "en";
  const row = await findLabelRow(trx, input.registrationNumber);
  if (!row) throw labelNotFound(lang, input.registrationNumber);
  await assertNotOwnOrg({ db: trx }, actor, row.org_id);
  if (row.status === "revoked")
    throw new AppError("LABEL_REVOKED", { registrationNumber: input.registrationNumber });
  const settings = await readRegistrySettings(trx);
  const base = await registryPublicUrl(deps, settings);
  const key = await activeLabelKey(deps);
  const now = deps.now();
  const claim: LabelClaim = {
    registrationNumber: row.registration_number,
    starLevel: Number(row.star_level),
    product: row.product_name,
    maker: row.maker_name,
    modelNumbers: JSON.parse(row.model_numbers) as string[],
    validFrom: row.valid_from,
    validUntil: input.validUntil,
    url: `${base}/registry/${encodeURIComponent(row.registration_number)}`,
    registry: settings.registryName.en,
    sandbox: settings.sandbox,
  };
  const payload = await signLabel(key, claim, base, now);
  const res = await trx
    .updateTable("labels")
    .set({ valid_until: input.validUntil, payload, key_id: key.kid, version: Number(row.version) + 1 })
    .where("id", "=", row.id)
    .where("version", "=", row.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1)
    throw new AppError("VERSION_CONFLICT", { current: "?", sent: row.version });
  await appendAudit(
    trx,
    {
      orgId: row.org_id,
      actor: actor.name,
      action: "label.extend",
      entityType: "label",
      entityId: row.id,
      data: {
        registrationNumber: row.registration_number,
        from: row.valid_until,
        validUntil: input.validUntil,
      },
    },
    now,
  );
  const updated = await findLabelRow(trx, row.registration_number);
  return toLabel(updated ?? row, now);
}
