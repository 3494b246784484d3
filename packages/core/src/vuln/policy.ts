import { z } from "zod";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { type KnownSeverity, SEVERITIES } from "./severity.ts";

/** Which unresolved findings block readiness: at or above `minSeverity` (default high); unknown ones too? */
export type VulnPolicy = { minSeverity: KnownSeverity; unknownBlocks: boolean; version: number };

export const DEFAULT_POLICY: VulnPolicy = { minSeverity: "high", unknownBlocks: true, version: 0 };

export const vulnPolicySchema = z
  .object({
    minSeverity: z.enum(SEVERITIES),
    unknownBlocks: z.boolean(),
    version: z.number().int().min(0),
  })
  .strict();

export async function getVulnPolicy(db: Db, orgId: string): Promise<VulnPolicy> {
  const row = await db.selectFrom("vuln_policies").selectAll().where("org_id", "=", orgId).executeTakeFirst();
  if (!row) return DEFAULT_POLICY;
  return {
    minSeverity: row.min_severity as KnownSeverity,
    unknownBlocks: row.unknown_blocks === 1,
    version: Number(row.version),
  };
}

/** Sets the organisation's blocking threshold (optimistic: `version` as read; 0 for the default). */
export async function setVulnPolicy(deps: Pick<CoreDeps, "db" | "now">, ctx: RequestContext, input: unknown) {
  const data = parseOrThrow(vulnPolicySchema, input);
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const current = await getVulnPolicy(trx, ctx.orgId);
    if (current.version !== data.version)
      throw new AppError("VERSION_CONFLICT", { current: current.version, sent: data.version });
    const values = {
      min_severity: data.minSeverity,
      unknown_blocks: data.unknownBlocks ? 1 : 0,
      version: data.version + 1,
      updated_at: now,
      updated_by: ctx.actor.id,
    };
    if (data.version === 0)
      await trx
        .insertInto("vuln_policies")
        .values({ org_id: ctx.orgId, ...values })
        .execute();
    else
      await trx
        .updateTable("vuln_policies")
        .set(values)
        .where("org_id", "=", ctx.orgId)
        .where("version", "=", data.version)
        .execute();
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "vuln.policy-set",
        entityType: "organisation",
        entityId: ctx.orgId,
        data: { minSeverity: data.minSeverity, unknownBlocks: data.unknownBlocks },
      },
      deps.now(),
    );
  });
  return getVulnPolicy(deps.db, ctx.orgId);
}
