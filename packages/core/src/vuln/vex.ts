import { z } from "zod";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { getReleaseRow } from "../sbom/release.ts";

/**
 * CycloneDX VEX justifications for "not affected". The three the checklist work needs most come first:
 * component/code not present, vulnerable code not reachable, protected by a mitigating control.
 */
export const VEX_JUSTIFICATIONS = [
  "code_not_present",
  "code_not_reachable",
  "protected_by_mitigating_control",
  "requires_configuration",
  "requires_dependency",
  "requires_environment",
  "protected_by_compiler",
  "protected_at_runtime",
  "protected_at_perimeter",
] as const;

export const vexStatementSchema = z
  .object({
    vulnId: z.string().trim().min(1).max(200),
    componentKey: z.string().trim().min(1).max(2000),
    justification: z.enum(VEX_JUSTIFICATIONS),
    detail: z.string().trim().min(1).max(5000),
    /** The version read (0 for a new statement). */
    version: z.number().int().min(0).default(0),
  })
  .strict();

export type VexStatement = {
  id: string;
  releaseId: string;
  vulnId: string;
  componentKey: string;
  state: "not_affected";
  justification: string;
  detail: string | null;
  version: number;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
  /** The display name of the user who last changed it (null for the CLI or an erased account). */
  updatedByName: string | null;
};

/** Display names of users by id (for "who" of statements). */
export async function userNames(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom("users").select(["id", "name"]).where("id", "in", wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function toStatement(
  r: {
    id: string;
    release_id: string;
    vuln_id: string;
    component_key: string;
    justification: string;
    detail: string | null;
    version: number;
    created_at: string;
    created_by: string | null;
    updated_at: string;
    updated_by: string | null;
  },
  names: Map<string, string> = new Map(),
): VexStatement {
  return {
    id: r.id,
    releaseId: r.release_id,
    vulnId: r.vuln_id,
    componentKey: r.component_key,
    state: "not_affected",
    justification: r.justification,
    detail: r.detail,
    version: Number(r.version),
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    updatedByName: r.updated_by ? (names.get(r.updated_by) ?? null) : null,
  };
}

export async function listVexStatements(deps: Pick<CoreDeps, "db">, ctx: RequestContext, releaseId: string) {
  await getReleaseRow(deps, ctx, releaseId);
  const rows = await deps.db
    .selectFrom("vex_statements")
    .selectAll()
    .where("release_id", "=", releaseId)
    .where("org_id", "=", ctx.orgId)
    .orderBy("vuln_id")
    .execute();
  const names = await userNames(
    deps.db,
    rows.map((r) => r.updated_by),
  );
  return rows.map((r) => toStatement(r, names));
}

/**
 * Marks a vulnerability of a component of a release "not affected", with a justification and who/when (VEX).
 * A new statement is created with version 0; changing one needs the version read (409 otherwise). Audited.
 */
export async function setVexStatement(
  deps: Pick<CoreDeps, "db" | "now">,
  ctx: RequestContext,
  releaseId: string,
  input: unknown,
) {
  const data = parseOrThrow(vexStatementSchema, input);
  const release = await getReleaseRow(deps, ctx, releaseId);
  const now = deps.now().toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("vex_statements")
      .selectAll()
      .where("release_id", "=", releaseId)
      .where("vuln_id", "=", data.vulnId)
      .where("component_key", "=", data.componentKey)
      .executeTakeFirst();
    const current = existing ? Number(existing.version) : 0;
    if (current !== data.version) throw new AppError("VERSION_CONFLICT", { current, sent: data.version });
    let statementId: string;
    if (existing) {
      statementId = existing.id;
      await trx
        .updateTable("vex_statements")
        .set({
          justification: data.justification,
          detail: data.detail,
          version: current + 1,
          updated_at: now,
          updated_by: ctx.actor.id,
        })
        .where("id", "=", existing.id)
        .where("version", "=", current)
        .execute();
    } else {
      statementId = newId("vex");
      await trx
        .insertInto("vex_statements")
        .values({
          id: statementId,
          org_id: ctx.orgId,
          product_id: release.product_id,
          release_id: releaseId,
          vuln_id: data.vulnId,
          component_key: data.componentKey,
          state: "not_affected",
          justification: data.justification,
          detail: data.detail,
          version: 1,
          created_at: now,
          created_by: ctx.actor.id,
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
        action: "vex.set",
        entityType: "vex_statement",
        entityId: statementId,
        data: {
          releaseId,
          vulnId: data.vulnId,
          componentKey: data.componentKey,
          justification: data.justification,
          detail: data.detail,
        },
      },
      deps.now(),
    );
    return statementId;
  });
  const row = await deps.db
    .selectFrom("vex_statements")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return toStatement(row);
}

/** Withdraws a statement (the finding counts again); audited. */
export async function deleteVexStatement(
  deps: Pick<CoreDeps, "db" | "now">,
  ctx: RequestContext,
  statementId: string,
) {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("vex_statements")
      .selectAll()
      .where("id", "=", statementId)
      .where("org_id", "=", ctx.orgId)
      .executeTakeFirst();
    if (!row) throw new AppError("NOT_FOUND", { entity: "VEX", id: statementId });
    await trx.deleteFrom("vex_statements").where("id", "=", statementId).execute();
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "vex.withdrawn",
        entityType: "vex_statement",
        entityId: statementId,
        data: { releaseId: row.release_id, vulnId: row.vuln_id, componentKey: row.component_key },
      },
      deps.now(),
    );
  });
}
