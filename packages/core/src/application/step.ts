import { latestAssessmentId } from "../assessment/assessment-results.ts";
import { appendAudit } from "../audit/audit-log.ts";
import type { RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import type { Lang } from "../i18n/text.ts";
import { revokeLabel } from "../labels/issue-label.ts";
import type { Route } from "../product/product.schema.ts";
import { type LoadedReadiness, loadReadiness, toAssessmentView } from "../readiness/load-readiness-input.ts";
import { notReadyError } from "../signoff/not-ready.ts";
import type { TransitionRequest } from "./application.schema.ts";
import { type getApplicationRow, insertDraft, selectApplications, today } from "./application.ts";
import { feeFor } from "./fees.ts";
import { assignApplicationNumber, issueRegistration, type StepDeps } from "./issue.ts";
import { labelExpiresOn } from "./schedule.ts";
import { type ApplicationSnapshot, buildSnapshot, requireSignedSnapshot, snapshotHash } from "./snapshot.ts";
import { type ActorKind, type ApplicationState, type Channel, checkTransition } from "./transitions.ts";

/** Steps of the maker's own preparation: their date is when they were recorded, not part of the IPA sequence. */
const UNDATED = ["created", "mark_ready", "reopen"] as const;

export type StepActor = { kind: ActorKind; id: string | null; name: string };

type AppRow = Awaited<ReturnType<typeof getApplicationRow>>;

function dateError(ja: string, en: string): AppError {
  return new AppError("VALIDATION_FAILED", {}, [{ path: "occurredOn", message: { ja, en } }]);
}

/** Attachments must be live files of the application's organisation. */
async function checkAttachments(trx: Db, orgId: string, ids: readonly string[], lang: Lang): Promise<void> {
  if (ids.length === 0) return;
  const rows = await trx
    .selectFrom("evidence")
    .select(["id", "blob_sha256", "deleted_at"])
    .where("org_id", "=", orgId)
    .where("id", "in", [...ids])
    .execute();
  const bad = ids.find((id) => !rows.some((r) => r.id === id && r.blob_sha256 && !r.deleted_at));
  if (bad)
    throw new AppError("NOT_FOUND", { entity: lang === "ja" ? "添付ファイル" : "Attachment", id: bad });
}

/** Evidence the application relies on stays at least until its label expires (retention follows the label). */
async function extendRetention(
  trx: Db,
  row: AppRow,
  extra: readonly string[],
  expiresOn: string,
): Promise<number> {
  const snapshot = row.snapshot ? (JSON.parse(row.snapshot) as ApplicationSnapshot) : null;
  const events = await trx
    .selectFrom("application_events")
    .select("attachments")
    .where("application_id", "=", row.id)
    .execute();
  const ids = new Set<string>([
    ...(snapshot?.results.flatMap((r) => r.evidence.map((e) => e.id)) ?? []),
    ...events.flatMap((e) => JSON.parse(e.attachments) as string[]),
    ...extra,
  ]);
  if (ids.size === 0) return 0;
  const until = `${expiresOn}T23:59:59.999Z`;
  const res = await trx
    .updateTable("evidence")
    .set({ retention_until: until })
    .where("org_id", "=", row.org_id)
    .where("id", "in", [...ids])
    .where((eb) => eb.or([eb("retention_until", "is", null), eb("retention_until", "<", until)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

async function insertEvent(
  trx: Db,
  row: AppRow,
  e: {
    action: string;
    from: ApplicationState;
    to: ApplicationState;
    occurredOn: string;
    actor: StepActor;
    note: string | null;
    data: Record<string, unknown>;
    attachments: readonly string[];
  },
  now: Date,
): Promise<void> {
  const last = await trx
    .selectFrom("application_events")
    .select((eb) => eb.fn.max("seq").as("seq"))
    .where("application_id", "=", row.id)
    .executeTakeFirst();
  await trx
    .insertInto("application_events")
    .values({
      id: newId("ape"),
      org_id: row.org_id,
      application_id: row.id,
      seq: Number(last?.seq ?? 0) + 1,
      action: e.action,
      from_state: e.from,
      to_state: e.to,
      occurred_on: e.occurredOn,
      at: now.toISOString(),
      actor_id: e.actor.id,
      actor_name: e.actor.name,
      actor_kind: e.actor.kind,
      note: e.note,
      data: JSON.stringify(e.data),
      attachments: JSON.stringify(e.attachments),
    })
    .execute();
  await appendAudit(
    trx,
    {
      orgId: row.org_id,
      actor: e.actor.id,
      action: `application.${e.action}`,
      entityType: "application",
      entityId: row.id,
      data: {
        from: e.from,
        to: e.to,
        occurredOn: e.occurredOn,
        note: e.note,
        attachments: e.attachments,
        ...e.data,
      },
    },
    now,
  );
}

/** The day of a step: given or today, never in the future, never before the previous dated step. */
async function stepDay(trx: Db, row: AppRow, req: TransitionRequest, day: string): Promise<string> {
  const occurredOn = req.occurredOn ?? day;
  if (occurredOn > day) throw dateError("未来の日付は指定できません。", "The date cannot be in the future.");
  // Steps recorded later may carry their real (earlier) date, but never one before the previous dated step.
  const previous = await trx
    .selectFrom("application_events")
    .select((eb) => eb.fn.max("occurred_on").as("day"))
    .where("application_id", "=", row.id)
    .where("action", "not in", [...UNDATED])
    .executeTakeFirst();
  if (previous?.day && occurredOn < previous.day)
    throw dateError("前の手続きより前の日付です。", "The date is before the previous step.");
  return occurredOn;
}

/** What one step changes on the application row, and what its event records. */
type StepEffect = { patch: Record<string, unknown>; data: Record<string, unknown> };

type StepArgs = {
  deps: StepDeps;
  trx: Db;
  row: AppRow;
  actor: StepActor;
  req: TransitionRequest;
  ctx: RequestContext;
  occurredOn: string;
  day: string;
  now: Date;
  registryIssues: boolean;
};

/**
 * The application's assessment must be ready by `loadReadiness()` — the same blockers the assessment view,
 * sign-off and package show (APPLICATION_NOT_READY carries them). mark_ready and submit need it.
 */
async function requireReady({ deps, trx, row, ctx }: StepArgs): Promise<LoadedReadiness> {
  const loaded = await loadReadiness(
    { db: trx, catalog: deps.catalog },
    ctx,
    { assessmentId: row.assessment_id },
    {
      route: row.route as Route,
    },
  );
  if (!loaded.readiness.ready) throw notReadyError(loaded.readiness, "APPLICATION_NOT_READY");
  return loaded;
}

/** mark_ready: ready (requireReady) and signed off; the snapshot is frozen. */
async function markReady(args: StepArgs): Promise<StepEffect> {
  const { deps, trx, row, ctx, now } = args;
  const loaded = await requireReady(args);
  const assessment = toAssessmentView(loaded);
  const signOff = await requireSignedSnapshot(
    { db: trx, catalog: deps.catalog, now: deps.now },
    ctx,
    assessment,
  );
  const snapshot = buildSnapshot(
    assessment,
    { id: row.product_id, name: row.product_name },
    JSON.parse(row.model_numbers) as string[],
    signOff,
    now.toISOString(),
  );
  const hash = snapshotHash(snapshot);
  return {
    patch: { snapshot: JSON.stringify(snapshot), snapshot_hash: hash },
    data: { snapshotHash: hash, signOff },
  };
}

/** issue_label: on this instance's registry the registry issues (its number, its validity); else recorded. */
async function issueLabelStep(args: StepArgs): Promise<StepEffect> {
  const { deps, trx, row, actor, req, ctx, occurredOn } = args;
  let registrationNumber = req.registrationNumber ?? null;
  let expiresOn = labelExpiresOn(occurredOn);
  if (args.registryIssues) {
    const issued = await issueRegistration(deps, trx, {
      applicationId: row.id,
      orgId: row.org_id,
      productId: row.product_id,
      modelNumbers: JSON.parse(row.model_numbers) as string[],
      issuedOn: occurredOn,
      operator: { id: actor.id, name: actor.name },
      lang: ctx.lang,
    });
    registrationNumber = issued.registrationNumber;
    // The label's own validity (the registry's configured years) is the one that counts.
    expiresOn = issued.validUntil;
  }
  const extended = await extendRetention(trx, row, req.attachments, expiresOn);
  return {
    patch: {
      registration_number: registrationNumber,
      label_issued_on: occurredOn,
      label_expires_on: expiresOn,
      label_evidence_id: req.attachments[0] ?? null,
    },
    data: { registrationNumber, labelExpiresOn: expiresOn, retentionExtended: extended },
  };
}

/** renew: a new draft from the product's newest assessment (re-assessed since, perhaps). */
async function renewStep({ trx, row, ctx, now }: StepArgs): Promise<StepEffect> {
  const newest = await latestAssessmentId({ db: trx }, ctx, row.product_id);
  const renewal = await insertDraft(trx, ctx, now, {
    productId: row.product_id,
    assessmentId: newest ?? row.assessment_id,
    route: row.route as Route,
    channel: row.channel as Channel,
    modelNumbers: JSON.parse(row.model_numbers) as string[],
    renewalOf: row.id,
  });
  return { patch: {}, data: { renewal } };
}

/** The effects of each action (none beyond the state change for the others). */
async function stepEffect(args: StepArgs): Promise<StepEffect> {
  const { deps, trx, row, actor, req, occurredOn, day } = args;
  switch (req.action) {
    case "mark_ready":
      return markReady(args);
    case "record_number":
      return {
        patch: { application_number: req.applicationNumber },
        data: { applicationNumber: req.applicationNumber },
      };
    case "submit": {
      // The declaration goes out now: a product no longer ready (a new finding, say) is not submitted.
      await requireReady(args);
      const fee = feeFor({ route: row.route as Route, submittedOn: occurredOn, today: day });
      return {
        patch: { submitted_on: occurredOn, fee_amount: fee?.amount ?? null },
        data: { snapshotHash: row.snapshot_hash, fee: fee?.amount ?? null },
      };
    }
    case "accept":
      return { patch: { accepted_on: occurredOn }, data: {} };
    case "return":
      return { patch: { submitted_on: null, accepted_on: null, fee_amount: null }, data: {} };
    case "invoice_fee":
      return { patch: {}, data: { fee: row.fee_amount } };
    case "issue_label":
      return issueLabelStep(args);
    case "revoke":
      // On this instance's registry the label itself is revoked: its public page and the signed status list say so.
      if (row.channel === "registry" && row.registration_number) {
        await revokeLabel(
          { db: trx, now: deps.now },
          { id: actor.id, name: actor.name, lang: args.ctx.lang },
          { registrationNumber: row.registration_number, reason: req.note ?? "" },
        );
      }
      return { patch: {}, data: {} };
    case "renew":
      return renewStep(args);
    default:
      return { patch: {}, data: {} };
  }
}

/**
 * Takes one step of an application inside the caller's transaction: checks it against the transition table,
 * the actor, the version read and the dates; applies its effects; records the event and its audit entry.
 */
export async function applyStep(
  deps: StepDeps,
  trx: Db,
  row: AppRow,
  actor: StepActor,
  req: TransitionRequest,
  lang: Lang,
): Promise<void> {
  const now = deps.now();
  const day = today(deps);
  if (Number(row.version) !== req.version)
    throw new AppError("VERSION_CONFLICT", { current: row.version, sent: req.version });
  const occurredOn = await stepDay(trx, row, req, day);
  const from = row.state as ApplicationState;
  const subject = {
    state: from,
    channel: row.channel as Channel,
    applicationNumber: row.application_number,
    labelExpiresOn: row.label_expires_on,
  };
  // The registry draws its own registration number; the pure check then sees it.
  const registryIssues = req.action === "issue_label" && row.channel === "registry";
  const registrationNumber = registryIssues ? "(registry)" : (req.registrationNumber ?? null);
  const to = checkTransition(subject, req.action, actor.kind, { ...req, registrationNumber }, day);
  await checkAttachments(trx, row.org_id, req.attachments, lang);

  const ctx: RequestContext = { orgId: row.org_id, actor: { id: actor.id, name: actor.name }, lang };
  const args = { deps, trx, row, actor, req, ctx, occurredOn, day, now, registryIssues };
  const { patch, data } = await stepEffect(args);
  const res = await trx
    .updateTable("applications")
    .set({ ...patch, state: to, version: req.version + 1, updated_at: now.toISOString() })
    .where("id", "=", row.id)
    .where("version", "=", req.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1)
    throw new AppError("VERSION_CONFLICT", { current: "?", sent: req.version });
  const event = { action: req.action, from, to, occurredOn, actor, note: req.note ?? null, data };
  await insertEvent(trx, row, { ...event, attachments: req.attachments }, now);
  if (req.action === "request_number" && row.channel === "registry")
    await assignNumberAtOnce(deps, trx, row, req.version + 1, day, lang);
}

/** On this instance's registry, asking for an application number gets one at once (a system step). */
async function assignNumberAtOnce(
  deps: StepDeps,
  trx: Db,
  row: AppRow,
  version: number,
  day: string,
  lang: Lang,
): Promise<void> {
  const number = await assignApplicationNumber(trx, day);
  const fresh = (await selectApplications(trx)
    .where("applications.id", "=", row.id)
    .executeTakeFirst()) as AppRow;
  await applyStep(
    deps,
    trx,
    fresh,
    { kind: "system", id: null, name: "registry" },
    { action: "record_number", version, applicationNumber: number, attachments: [] },
    lang,
  );
}
