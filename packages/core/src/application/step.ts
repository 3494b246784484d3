import type { RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";
import type { Lang } from "../i18n/text.ts";
import type { TransitionRequest } from "./application.schema.ts";
import { selectApplications, today } from "./application.ts";
import { assignApplicationNumber, type StepDeps } from "./issue.ts";
import { checkExtensionAllowed } from "./lifecycle.ts";
import { stepEffect } from "./step-effects.ts";
import { type AppRow, checkAttachments, insertEvent, type StepActor, stepDay } from "./step-event.ts";
import { type ApplicationState, type Channel, checkTransition } from "./transitions.ts";

export type { StepActor } from "./step-event.ts";

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
  if (req.action === "request_extension" || req.action === "extend")
    checkExtensionAllowed({ ...subject, starLevel: 1 }, day);
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
