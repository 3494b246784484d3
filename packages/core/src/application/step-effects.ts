import { latestAssessmentId } from "../assessment/assessment-results.ts";
import type { RequestContext } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { extendLabelIn } from "../labels/extend-label.ts";
import { revokeLabel } from "../labels/issue-label.ts";
import type { Route } from "../product/product.schema.ts";
import { type LoadedReadiness, loadReadiness, toAssessmentView } from "../readiness/load-readiness-input.ts";
import { notReadyError } from "../signoff/not-ready.ts";
import type { TransitionRequest } from "./application.schema.ts";
import { insertDraft } from "./application.ts";
import { extensionFeeFor, feeFor } from "./fees.ts";
import { issueRegistration, type StepDeps } from "./issue.ts";
import { checkExtendedExpiry, checkIssuedExpiry } from "./lifecycle.ts";
import { buildSnapshot, requireSignedSnapshot, snapshotHash } from "./snapshot.ts";
import { type AppRow, extendRetention, type StepActor } from "./step-event.ts";
import type { Channel } from "./transitions.ts";

/** What one step changes on the application row, and what its event records. */
export type StepEffect = { patch: Record<string, unknown>; data: Record<string, unknown> };

export type StepArgs = {
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

/**
 * issue_label: the expiry is the date IPA states (IPA channel: the maker records it) or the one this registry's
 * operator enters (pre-filled issuance + 2 years): recorded, never computed; at most 2 years from issuance.
 */
async function issueLabelStep(args: StepArgs): Promise<StepEffect> {
  const { deps, trx, row, actor, req, ctx, occurredOn } = args;
  const expiresOn = req.labelExpiresOn as string;
  checkIssuedExpiry(occurredOn, expiresOn);
  let registrationNumber = req.registrationNumber ?? null;
  if (args.registryIssues) {
    const issued = await issueRegistration(deps, trx, {
      applicationId: row.id,
      orgId: row.org_id,
      productId: row.product_id,
      modelNumbers: JSON.parse(row.model_numbers) as string[],
      issuedOn: occurredOn,
      validUntil: expiresOn,
      operator: { id: actor.id, name: actor.name },
      lang: ctx.lang,
    });
    registrationNumber = issued.registrationNumber;
  }
  const extended = await extendRetention(trx, row, req.attachments, expiresOn);
  return {
    patch: {
      registration_number: registrationNumber,
      label_issued_on: occurredOn,
      label_expires_on: expiresOn,
      label_status: "valid",
      label_evidence_id: req.attachments[0] ?? null,
    },
    data: { registrationNumber, labelExpiresOn: expiresOn, retentionExtended: extended },
  };
}

/** request_extension: the maker applies to extend (更新); the fee is dated data, "to be confirmed" while unknown. */
function requestExtensionStep({ occurredOn }: StepArgs): StepEffect {
  const fee = extensionFeeFor({ on: occurredOn });
  return {
    patch: {},
    data: { fee: fee?.amount ?? null, feeToBeConfirmed: fee?.toBeConfirmed ?? true },
  };
}

/**
 * extend: the new expiry IPA states (recorded by the maker) or this registry's operator enters — after the
 * current one, at most 2 years past it. On this registry the label is re-signed with the new last valid day.
 */
async function extendStep(args: StepArgs): Promise<StepEffect> {
  const { deps, trx, row, actor, req, ctx } = args;
  const from = row.label_expires_on as string;
  const expiresOn = req.labelExpiresOn as string;
  checkExtendedExpiry(from, expiresOn);
  if (row.channel === "registry" && row.registration_number) {
    if (!deps.instanceKey) throw new Error("extending a label needs the instance key");
    await extendLabelIn(
      { db: trx, now: deps.now, instanceKey: deps.instanceKey, publicUrl: deps.publicUrl },
      { id: actor.id, name: actor.name, lang: ctx.lang },
      { registrationNumber: row.registration_number, validUntil: expiresOn },
    );
  }
  const extended = await extendRetention(trx, row, req.attachments, expiresOn);
  return {
    patch: { label_expires_on: expiresOn, label_status: "valid" },
    data: { previousExpiresOn: from, labelExpiresOn: expiresOn, retentionExtended: extended },
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

/** revoke: on this instance's registry the label itself is revoked (public page and signed status list). */
async function revokeStep({ deps, trx, row, actor, req, ctx }: StepArgs): Promise<StepEffect> {
  if (row.channel === "registry" && row.registration_number) {
    await revokeLabel(
      { db: trx, now: deps.now },
      { id: actor.id, name: actor.name, lang: ctx.lang },
      { registrationNumber: row.registration_number, reason: req.note ?? "" },
    );
  }
  return { patch: { label_status: "revoked" }, data: {} };
}

/** The effects of each action (none beyond the state change for the others). */
export async function stepEffect(args: StepArgs): Promise<StepEffect> {
  const { row, req, occurredOn, day } = args;
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
    case "accept": {
      const numbers = {
        acceptanceNumber: req.acceptanceNumber ?? null,
        provisionalNumber: req.provisionalNumber ?? null,
      };
      return {
        patch: {
          accepted_on: occurredOn,
          acceptance_number: numbers.acceptanceNumber,
          provisional_number: numbers.provisionalNumber,
        },
        data: numbers,
      };
    }
    case "return":
      return {
        patch: {
          submitted_on: null,
          accepted_on: null,
          fee_amount: null,
          acceptance_number: null,
          provisional_number: null,
        },
        data: {},
      };
    case "invoice_fee":
      return { patch: {}, data: { fee: row.fee_amount } };
    case "issue_label":
      return issueLabelStep(args);
    case "request_extension":
      return requestExtensionStep(args);
    case "extend":
      return extendStep(args);
    case "expire":
      return { patch: { label_status: "expired" }, data: {} };
    case "revoke":
      return revokeStep(args);
    case "renew":
      return renewStep(args);
    default:
      return { patch: {}, data: {} };
  }
}
