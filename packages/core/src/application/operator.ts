import type { CoreDeps } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { isUniqueViolation } from "../db/db-errors.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { type Evidence, getEvidence } from "../evidence/evidence.ts";
import type { Lang } from "../i18n/text.ts";
import { assertNotOwnOrg } from "../labels/conflict-of-interest.ts";
import { transitionSchema } from "./application.schema.ts";
import {
  type Application,
  type ApplicationView,
  notFoundApplication,
  selectApplications,
  toApplication,
  today,
  viewOf,
} from "./application.ts";
import type { StepDeps } from "./issue.ts";
import type { ApplicationSnapshot } from "./snapshot.ts";
import { applyStep } from "./step.ts";
import { SUBMITTED_STATES } from "./transitions.ts";

/** Who acts on the registry side: an instance operator (no organisation context). */
export type OperatorCtx = { actor: { id: string; name: string }; lang: Lang };

export type QueuedApplication = Application & { orgName: string };

function submittedTo(db: Db) {
  return selectApplications(db)
    .innerJoin("organisations", "organisations.id", "applications.org_id")
    .select("organisations.name as org_name")
    .where("applications.channel", "=", "registry")
    .where("applications.state", "in", [...SUBMITTED_STATES]);
}

async function submittedRow(db: Db, op: OperatorCtx, id: string) {
  const row = await submittedTo(db).where("applications.id", "=", id).executeTakeFirst();
  if (!row) throw notFoundApplication(op.lang, id);
  // An operator never reviews an application of an organisation they belong to.
  await assertNotOwnOrg({ db }, op.actor, row.org_id);
  return row;
}

/**
 * The operator's queue: applications submitted to this instance's registry (never drafts, never applications
 * a maker only records for IPA), without those of the operator's own organisations (another operator reviews
 * them). `state` filters; default: everything still waiting for the registry; `scope: "all"` lists every
 * application ever submitted (issued, revoked and expired ones too: the console's searchable register).
 */
export async function operatorQueue(
  deps: Pick<CoreDeps, "db" | "now">,
  op: OperatorCtx,
  filter: { state?: string; scope?: "open" | "all" } = {},
): Promise<QueuedApplication[]> {
  const open = ["submitted", "accepted", "fee_invoiced", "fee_paid"];
  const states = filter.state ? [filter.state] : filter.scope === "all" ? [...SUBMITTED_STATES] : open;
  const rows = await submittedTo(deps.db)
    .where("applications.state", "in", states)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("memberships")
            .select("memberships.user_id")
            .whereRef("memberships.org_id", "=", "applications.org_id")
            .where("memberships.user_id", "=", op.actor.id),
        ),
      ),
    )
    .orderBy("applications.submitted_on")
    .orderBy("applications.id")
    .execute();
  return rows.map((r) => ({ ...toApplication(r, today(deps)), orgName: r.org_name }));
}

export async function operatorApplication(
  deps: Pick<CoreDeps, "db" | "now">,
  op: OperatorCtx,
  id: string,
): Promise<ApplicationView & { orgName: string }> {
  const row = await submittedRow(deps.db, op, id);
  return { ...(await viewOf(deps, row, "operator")), orgName: row.org_name };
}

/** An operator's step: accept, return, request evidence, invoice, issue, revoke. */
export async function operatorTransition(
  deps: StepDeps,
  op: OperatorCtx,
  id: string,
  input: unknown,
): Promise<ApplicationView & { orgName: string }> {
  const req = parseOrThrow(transitionSchema, input);
  try {
    await deps.db.transaction().execute(async (trx) => {
      const row = await submittedRow(trx, op, id);
      await applyStep(
        deps,
        trx,
        row,
        { kind: "operator", id: op.actor.id, name: op.actor.name },
        req,
        op.lang,
      );
    });
  } catch (error) {
    // A registration number format that repeats an earlier number (changed format, reset counter).
    if (isUniqueViolation(error))
      throw new AppError("ALREADY_EXISTS", {
        entity: op.lang === "ja" ? "登録番号" : "Registration number",
        key: id,
      });
    throw error;
  }
  return operatorApplication(deps, op, id);
}

/** A file the maker sent with this application (correspondence, evidence bundle), for the operator to open. */
export async function operatorAttachment(
  deps: Pick<CoreDeps, "db" | "now">,
  op: OperatorCtx,
  id: string,
  evidenceId: string,
): Promise<Evidence> {
  const row = await submittedRow(deps.db, op, id);
  const events = await deps.db
    .selectFrom("application_events")
    .select("attachments")
    .where("application_id", "=", id)
    .execute();
  const attached = events.some((e) => (JSON.parse(e.attachments) as string[]).includes(evidenceId));
  // The evidence of the frozen checklist is the reviewer's to open too.
  const frozen = row.snapshot
    ? (JSON.parse(row.snapshot) as ApplicationSnapshot).results.some((r) =>
        r.evidence.some((e) => e.id === evidenceId),
      )
    : false;
  if (!attached && !frozen)
    throw new AppError("NOT_FOUND", {
      entity: op.lang === "ja" ? "添付ファイル" : "Attachment",
      id: evidenceId,
    });
  return getEvidence(
    deps,
    { orgId: row.org_id, actor: { id: op.actor.id, name: op.actor.name }, lang: op.lang },
    evidenceId,
  );
}
