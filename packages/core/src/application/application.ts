import type { Selectable } from "kysely";
import { appendAudit } from "../audit/audit-log.ts";
import type { CoreDeps, RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import { parseOrThrow } from "../errors/zod-details.ts";
import { parseTexts } from "../evidence/evidence-texts.ts";
import type { I18nText } from "../i18n/text.ts";
import { readRegistrySettings } from "../labels/registry-settings.ts";
import type { Route } from "../product/product.schema.ts";
import { getProduct } from "../product/product.ts";
import { applicationCreateSchema, applicationUpdateSchema } from "./application.schema.ts";
import type { ApplicationEventTable, ApplicationTable } from "./application.table.ts";
import { type Fee, feeFor } from "./fees.ts";
import { graceEndsOn, type IpaLabelStatus, labelStatusOf } from "./lifecycle.ts";
import { type LifecycleFacts, lifecycleFacts } from "./lifecycle-facts.ts";
import { expectedAcceptanceOn, overdueOn } from "./schedule.ts";
import { schemeNumberKey } from "./scheme-number.ts";
import type { ApplicationSnapshot } from "./snapshot.ts";
import {
  type Action,
  type ActorKind,
  type ApplicationState,
  type Channel,
  labelParams,
  nextActions,
  stepsNeedingNote,
  type Turn,
  whoseTurn,
} from "./transitions.ts";

export type Attachment = {
  id: string;
  title: string;
  /** The title in ja and en when the server wrote it (a bundle it made, a probe report), else null. */
  titles: I18nText | null;
  fileName: string | null;
  mediaType: string | null;
  size: number | null;
  sha256: string | null;
};

export type ApplicationEvent = {
  id: string;
  seq: number;
  action: Action | "created";
  fromState: ApplicationState;
  toState: ApplicationState;
  occurredOn: string;
  at: string;
  actor: { id: string | null; name: string; kind: ActorKind };
  note: string | null;
  data: Record<string, unknown>;
  attachments: Attachment[];
};

export type Application = {
  id: string;
  orgId: string;
  productId: string;
  productName: string;
  assessmentId: string;
  route: Route;
  channel: Channel;
  state: ApplicationState;
  modelNumbers: string[];
  applicationNumber: string | null;
  registrationNumber: string | null;
  /** URL- and file-safe key of the registration number (never the raw number in a URL or file name). */
  registrationKey: string | null;
  /** IPA's acceptance number (受理番号) and provisional registration number (仮登録番号), as IPA writes them. */
  acceptanceNumber: string | null;
  provisionalNumber: string | null;
  snapshotHash: string | null;
  submittedOn: string | null;
  acceptedOn: string | null;
  expectedAcceptanceOn: string | null;
  fee: Fee | null;
  labelIssuedOn: string | null;
  labelExpiresOn: string | null;
  /** The label's status today as IPA lists it (有効 / 失効猶予 / 失効 / 取消し), from the recorded expiry. */
  labelStatus: IpaLabelStatus | null;
  /** The last day of the grace period after the recorded expiry (equal to it while grace is 0 days). */
  graceEndsOn: string | null;
  labelEvidenceId: string | null;
  renewalOf: string | null;
  /** The day of the last step, and when the current step becomes overdue (null: no deadline). */
  since: string;
  overdueOn: string | null;
  /** Who acts next and what (from the transitions table). */
  turn: Turn;
  version: number;
  createdAt: string;
  updatedAt: string;
};

/** A change notice (変更届) or report (報告届) filed after issuance: its own record, listed apart from the steps. */
export type LabelNotice = {
  kind: "change_notice" | "report";
  occurredOn: string;
  note: string | null;
  attachments: Attachment[];
  eventId: string;
};

export type ApplicationView = Application & {
  snapshot: ApplicationSnapshot | null;
  events: ApplicationEvent[];
  notices: LabelNotice[];
  nextActions: Action[];
  /** The next steps that need a note (reason or message): the form asks for it. */
  noteRequired: Action[];
  /** Sources of the lifecycle facts the view states (status, validity, grace, extension, expected acceptance). */
  lifecycleFacts: LifecycleFacts;
};

type Row = Selectable<ApplicationTable> & { product_name: string; since: string | null };

export function toApplication(row: Row, today: string): Application {
  const state = row.state as ApplicationState;
  const since = row.since ?? row.created_at.slice(0, 10);
  return {
    id: row.id,
    orgId: row.org_id,
    productId: row.product_id,
    productName: row.product_name,
    assessmentId: row.assessment_id,
    route: row.route as Route,
    channel: row.channel as Channel,
    state,
    modelNumbers: JSON.parse(row.model_numbers) as string[],
    applicationNumber: row.application_number,
    registrationNumber: row.registration_number,
    registrationKey: row.registration_number ? schemeNumberKey(row.registration_number) : null,
    acceptanceNumber: row.acceptance_number,
    provisionalNumber: row.provisional_number,
    snapshotHash: row.snapshot_hash,
    submittedOn: row.submitted_on,
    acceptedOn: row.accepted_on,
    expectedAcceptanceOn: state === "submitted" ? expectedAcceptanceOn(row.submitted_on) : null,
    fee: feeFor({ route: row.route as Route, submittedOn: row.submitted_on, today }),
    labelIssuedOn: row.label_issued_on,
    labelExpiresOn: row.label_expires_on,
    labelStatus: labelStatusOf({ state, labelExpiresOn: row.label_expires_on }, today),
    graceEndsOn: row.label_expires_on ? graceEndsOn(row.label_expires_on) : null,
    labelEvidenceId: row.label_evidence_id,
    renewalOf: row.renewal_of,
    since,
    overdueOn: overdueOn(state, since),
    turn: whoseTurn({
      state,
      channel: row.channel as Channel,
      applicationNumber: row.application_number,
    }),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Application rows with their product's name and the day of their last step (when the current state began). */
export function selectApplications(db: Db) {
  return db
    .selectFrom("applications")
    .innerJoin("products", "products.id", "applications.product_id")
    .selectAll("applications")
    .select("products.name as product_name")
    .select((eb) =>
      eb
        .selectFrom("application_events")
        .select("application_events.occurred_on")
        .whereRef("application_events.application_id", "=", "applications.id")
        .orderBy("application_events.seq", "desc")
        .limit(1)
        .as("since"),
    );
}

export function notFoundApplication(lang: "ja" | "en", id: string): AppError {
  return new AppError("NOT_FOUND", { entity: lang === "ja" ? "申請" : "Application", id });
}

export function today(deps: Pick<CoreDeps, "now">): string {
  return deps.now().toISOString().slice(0, 10);
}

/** The events of an application, oldest first, with the metadata of their attachments. */
export async function applicationEvents(db: Db, applicationId: string): Promise<ApplicationEvent[]> {
  const rows = await db
    .selectFrom("application_events")
    .selectAll()
    .where("application_id", "=", applicationId)
    .orderBy("seq")
    .execute();
  const ids = [...new Set(rows.flatMap((r) => JSON.parse(r.attachments) as string[]))];
  const files = ids.length
    ? await db
        .selectFrom("evidence")
        .leftJoin("blobs", "blobs.sha256", "evidence.blob_sha256")
        .select([
          "evidence.id",
          "evidence.title",
          "evidence.texts",
          "evidence.original_name",
          "evidence.blob_sha256",
          "blobs.media_type",
          "blobs.size",
        ])
        .where("evidence.id", "in", ids)
        .execute()
    : [];
  const byId = new Map(
    files.map((f) => [
      f.id,
      {
        id: f.id,
        title: f.title,
        titles: parseTexts(f.texts)?.title ?? null,
        fileName: f.original_name,
        mediaType: f.media_type ?? null,
        size: f.size === null || f.size === undefined ? null : Number(f.size),
        sha256: f.blob_sha256,
      },
    ]),
  );
  return rows.map((r: Selectable<ApplicationEventTable>) => ({
    id: r.id,
    seq: Number(r.seq),
    action: r.action as Action | "created",
    fromState: r.from_state as ApplicationState,
    toState: r.to_state as ApplicationState,
    occurredOn: r.occurred_on,
    at: r.at,
    actor: { id: r.actor_id, name: r.actor_name, kind: r.actor_kind as ActorKind },
    note: r.note,
    data: JSON.parse(r.data) as Record<string, unknown>,
    attachments: (JSON.parse(r.attachments) as string[]).map(
      (id) =>
        byId.get(id) ?? {
          id,
          title: id,
          titles: null,
          fileName: null,
          mediaType: null,
          size: null,
          sha256: null,
        },
    ),
  }));
}

/** The change notices and reports among the events, oldest first. */
export function noticesOf(events: readonly ApplicationEvent[]): LabelNotice[] {
  return events.flatMap((e) =>
    e.action === "file_change_notice" || e.action === "file_report"
      ? [
          {
            kind: e.action === "file_report" ? ("report" as const) : ("change_notice" as const),
            occurredOn: e.occurredOn,
            note: e.note,
            attachments: e.attachments,
            eventId: e.id,
          },
        ]
      : [],
  );
}

/** The full view of an application row for an actor: snapshot, timeline and the steps this actor may take. */
export async function viewOf(
  deps: Pick<CoreDeps, "db" | "now">,
  row: Row,
  actor: ActorKind,
): Promise<ApplicationView> {
  const app = toApplication(row, today(deps));
  const events = await applicationEvents(deps.db, app.id);
  const next = nextActions(app, actor, today(deps));
  return {
    ...app,
    snapshot: row.snapshot ? (JSON.parse(row.snapshot) as ApplicationSnapshot) : null,
    events,
    notices: noticesOf(events),
    nextActions: next,
    noteRequired: stepsNeedingNote(app.state, next),
    lifecycleFacts: lifecycleFacts(app.labelExpiresOn),
  };
}

export async function getApplicationRow(db: Db, ctx: RequestContext, id: string): Promise<Row> {
  const row = await selectApplications(db)
    .where("applications.id", "=", id)
    .where("applications.org_id", "=", ctx.orgId)
    .executeTakeFirst();
  if (!row) throw notFoundApplication(ctx.lang, id);
  return row;
}

export async function getApplication(
  deps: Pick<CoreDeps, "db" | "now">,
  ctx: RequestContext,
  id: string,
): Promise<ApplicationView> {
  return viewOf(deps, await getApplicationRow(deps.db, ctx, id), "maker");
}

/** The organisation's applications (optionally of one product), newest first. */
export async function listApplications(
  deps: Pick<CoreDeps, "db" | "now">,
  ctx: RequestContext,
  filter: { productId?: string } = {},
): Promise<Application[]> {
  let q = selectApplications(deps.db).where("applications.org_id", "=", ctx.orgId);
  if (filter.productId) q = q.where("applications.product_id", "=", filter.productId);
  const rows = await q
    .orderBy("applications.created_at", "desc")
    .orderBy("applications.id", "desc")
    .execute();
  return rows.map((r) => toApplication(r, today(deps)));
}

/** The model numbers given must all belong to the product; none given means all of them. */
async function checkModels(
  db: Db,
  productId: string,
  wanted: readonly string[] | undefined,
): Promise<string[]> {
  const rows = await db
    .selectFrom("model_numbers")
    .select("model_number")
    .where("product_id", "=", productId)
    .orderBy("model_number")
    .execute();
  const known = rows.map((r) => r.model_number);
  if (!wanted) return known;
  const unknown = wanted.filter((m) => !known.includes(m));
  if (unknown.length > 0) {
    throw new AppError("VALIDATION_FAILED", {}, [
      {
        path: "modelNumbers",
        message: {
          ja: `製品にない型番です: ${unknown.join(", ")}`,
          en: `Not model numbers of the product: ${unknown.join(", ")}`,
        },
      },
    ]);
  }
  return [...new Set(wanted)];
}

async function checkChannel(db: Db, channel: Channel): Promise<void> {
  if (channel === "registry" && !(await readRegistrySettings(db)).enabled)
    throw new AppError("REGISTRY_DISABLED");
}

/** Inserts a new draft application and its first event (inside the caller's transaction). */
export async function insertDraft(
  trx: Db,
  ctx: RequestContext,
  now: Date,
  values: {
    productId: string;
    assessmentId: string;
    route: Route;
    channel: Channel;
    modelNumbers: string[];
    renewalOf: string | null;
  },
): Promise<string> {
  const id = newId("apl");
  const at = now.toISOString();
  await trx
    .insertInto("applications")
    .values({
      id,
      org_id: ctx.orgId,
      product_id: values.productId,
      assessment_id: values.assessmentId,
      route: values.route,
      channel: values.channel,
      state: "draft",
      model_numbers: JSON.stringify(values.modelNumbers),
      application_number: null,
      registration_number: null,
      acceptance_number: null,
      provisional_number: null,
      label_status: null,
      snapshot: null,
      snapshot_hash: null,
      submitted_on: null,
      accepted_on: null,
      fee_amount: null,
      label_issued_on: null,
      label_expires_on: null,
      label_evidence_id: null,
      renewal_of: values.renewalOf,
      version: 1,
      created_at: at,
      created_by: ctx.actor.id,
      updated_at: at,
    })
    .execute();
  const data = { ...values };
  await trx
    .insertInto("application_events")
    .values({
      id: newId("ape"),
      org_id: ctx.orgId,
      application_id: id,
      seq: 1,
      action: "created",
      from_state: "draft",
      to_state: "draft",
      occurred_on: at.slice(0, 10),
      at,
      actor_id: ctx.actor.id,
      actor_name: ctx.actor.name,
      actor_kind: "maker",
      note: null,
      data: JSON.stringify(data),
      attachments: "[]",
    })
    .execute();
  await appendAudit(
    trx,
    {
      orgId: ctx.orgId,
      actor: ctx.actor.id,
      action: "application.created",
      entityType: "application",
      entityId: id,
      data,
    },
    now,
  );
  return id;
}

/** Starts an application (a draft) for a product's assessment, its model numbers and a route. */
export async function createApplication(
  deps: CoreDeps,
  ctx: RequestContext,
  input: unknown,
): Promise<ApplicationView> {
  const data = parseOrThrow(applicationCreateSchema, input);
  const product = await getProduct(deps, ctx, data.productId);
  await checkChannel(deps.db, data.channel);
  const assessment = await deps.db
    .selectFrom("assessments")
    .select("id")
    .where("product_id", "=", product.id)
    .where("org_id", "=", ctx.orgId)
    .$if(!!data.assessmentId, (q) => q.where("id", "=", data.assessmentId as string))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (!assessment) {
    throw new AppError("NOT_FOUND", {
      entity: ctx.lang === "ja" ? "自己適合評価" : "Assessment",
      id: data.assessmentId ?? product.id,
    });
  }
  const modelNumbers = await checkModels(deps.db, product.id, data.modelNumbers);
  const id = await deps.db.transaction().execute((trx) =>
    insertDraft(trx, ctx, deps.now(), {
      productId: product.id,
      assessmentId: assessment.id,
      route: data.route ?? product.defaultRoute,
      channel: data.channel,
      modelNumbers,
      renewalOf: null,
    }),
  );
  return getApplication(deps, ctx, id);
}

/** Changes a draft's route, channel or model numbers (send the version read). */
export async function updateApplication(
  deps: CoreDeps,
  ctx: RequestContext,
  id: string,
  input: unknown,
): Promise<ApplicationView> {
  const data = parseOrThrow(applicationUpdateSchema, input);
  await deps.db.transaction().execute(async (trx) => {
    const row = await getApplicationRow(trx, ctx, id);
    if (Number(row.version) !== data.version)
      throw new AppError("VERSION_CONFLICT", { current: row.version, sent: data.version });
    if (row.state !== "draft")
      throw new AppError("INVALID_TRANSITION", {
        ...labelParams("actions", "action", "edit"),
        ...labelParams("states", "state", row.state),
      });
    if (data.channel) await checkChannel(trx, data.channel);
    const patch = {
      ...(data.route && { route: data.route }),
      ...(data.channel && { channel: data.channel }),
      ...(data.modelNumbers && {
        model_numbers: JSON.stringify(await checkModels(trx, row.product_id, data.modelNumbers)),
      }),
    };
    const now = deps.now();
    const res = await trx
      .updateTable("applications")
      .set({ ...patch, version: data.version + 1, updated_at: now.toISOString() })
      .where("id", "=", id)
      .where("version", "=", data.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw new AppError("VERSION_CONFLICT", { current: "?", sent: data.version });
    await appendAudit(
      trx,
      {
        orgId: ctx.orgId,
        actor: ctx.actor.id,
        action: "application.updated",
        entityType: "application",
        entityId: id,
        data: { ...data },
      },
      now,
    );
  });
  return getApplication(deps, ctx, id);
}
