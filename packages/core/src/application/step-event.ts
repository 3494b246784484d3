import { appendAudit } from "../audit/audit-log.ts";
import type { Db } from "../db/create-db.ts";
import { newId } from "../db/ids.ts";
import { AppError } from "../errors/app-error.ts";
import type { Lang } from "../i18n/text.ts";
import type { TransitionRequest } from "./application.schema.ts";
import type { getApplicationRow } from "./application.ts";
import type { ApplicationSnapshot } from "./snapshot.ts";
import type { ActorKind, ApplicationState } from "./transitions.ts";

/** What every step records: checks of its attachments and date, the event row and its audit entry. */

/** Steps of the maker's own preparation: their date is when they were recorded, not part of the IPA sequence. */
const UNDATED = ["created", "mark_ready", "reopen"] as const;

export type StepActor = { kind: ActorKind; id: string | null; name: string };

export type AppRow = Awaited<ReturnType<typeof getApplicationRow>>;

function dateError(ja: string, en: string): AppError {
  return new AppError("VALIDATION_FAILED", {}, [{ path: "occurredOn", message: { ja, en } }]);
}

/** Attachments must be live files of the application's organisation. */
export async function checkAttachments(
  trx: Db,
  orgId: string,
  ids: readonly string[],
  lang: Lang,
): Promise<void> {
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
export async function extendRetention(
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

export async function insertEvent(
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
export async function stepDay(trx: Db, row: AppRow, req: TransitionRequest, day: string): Promise<string> {
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
