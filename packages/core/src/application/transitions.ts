import { AppError } from "../errors/app-error.ts";
import { graceEndsOn } from "./lifecycle.ts";
import { STEP_LABELS } from "./step-labels.ts";

/** Error parameters naming a state, step or requirement in both languages (labels.json). */
export function labelParams(kind: "states" | "actions" | "requirements", name: string, code: string) {
  const label = STEP_LABELS[kind][code] ?? { ja: code, en: code };
  return { [name]: code, [`${name}Ja`]: label.ja, [`${name}En`]: label.en };
}

/** Where an application stands. `renewed`, `expired` and `revoked` are final. */
export const APPLICATION_STATES = [
  "draft",
  "ready",
  "number_requested",
  "number_received",
  "submitted",
  "accepted",
  "fee_invoiced",
  "fee_paid",
  "label_issued",
  "extension_requested",
  "expired",
  "revoked",
  "renewed",
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/** What the application is sent to: IPA itself (the maker records IPA's steps) or this instance's registry. */
export const CHANNELS = ["ipa", "registry"] as const;
export type Channel = (typeof CHANNELS)[number];

export const ACTIONS = [
  "mark_ready",
  "reopen",
  "request_number",
  "record_number",
  "submit",
  "accept",
  "return",
  "request_evidence",
  "provide_evidence",
  "invoice_fee",
  "pay_fee",
  "issue_label",
  "file_change_notice",
  "file_report",
  "request_extension",
  "extend",
  "expire",
  "revoke",
  "renew",
] as const;
export type Action = (typeof ACTIONS)[number];

/** Who may take a step: the maker; the registry (IPA, recorded by the maker; or this instance's operator); anyone. */
export type StepOwner = "maker" | "registry" | "anyone";
export type ActorKind = "maker" | "operator" | "system";

export type Requirement =
  /** A reason or message (return, revoke, evidence request). */
  | "note"
  /** IPA's application number, typed in (IPA channel) or assigned by the registry. */
  | "applicationNumber"
  /** An application number is already known (resubmission after a return). */
  | "knownApplicationNumber"
  /** The registration number (typed in on the IPA channel; the registry issues its own). */
  | "registrationNumber"
  /** IPA's acceptance number (受理番号): required when recording IPA's acceptance (IPA channel). */
  | "acceptanceNumber"
  /** The label's expiry date as IPA states it (or as this registry's operator enters it). */
  | "labelExpiresOn"
  /** At least one attached file (correspondence or an evidence bundle). */
  | "attachment"
  /** The label's validity has ended. */
  | "labelExpired";

export type TransitionRule = {
  action: Action;
  from: readonly ApplicationState[];
  /** The new state, or `same` for steps that record something without moving (evidence requests, notices). */
  to: ApplicationState | "same";
  by: StepOwner;
  requires: readonly Requirement[];
  /** A step of the main path towards the label: the one that is "next" in its state (whose turn it is). */
  advances?: true;
};

/**
 * The lifecycle as data: each row is one allowed step. An action may have several rows (different `from`);
 * the first row whose `from` holds the current state decides. Anything not listed is refused.
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  { action: "mark_ready", from: ["draft"], to: "ready", by: "maker", requires: [], advances: true },
  {
    action: "reopen",
    from: ["ready", "number_requested", "number_received"],
    to: "draft",
    by: "maker",
    requires: [],
  },
  {
    action: "request_number",
    from: ["ready"],
    to: "number_requested",
    by: "maker",
    requires: [],
    advances: true,
  },
  {
    action: "record_number",
    from: ["number_requested"],
    to: "number_received",
    by: "registry",
    requires: ["applicationNumber"],
    advances: true,
  },
  { action: "submit", from: ["number_received"], to: "submitted", by: "maker", requires: [], advances: true },
  {
    action: "submit",
    from: ["ready"],
    to: "submitted",
    by: "maker",
    requires: ["knownApplicationNumber"],
    advances: true,
  },
  {
    action: "accept",
    from: ["submitted"],
    to: "accepted",
    by: "registry",
    requires: ["acceptanceNumber"],
    advances: true,
  },
  { action: "return", from: ["submitted"], to: "draft", by: "registry", requires: ["note"] },
  {
    action: "request_evidence",
    from: ["submitted", "accepted"],
    to: "same",
    by: "registry",
    requires: ["note"],
  },
  {
    action: "provide_evidence",
    from: ["submitted", "accepted"],
    to: "same",
    by: "maker",
    requires: ["attachment"],
  },
  {
    action: "invoice_fee",
    from: ["accepted"],
    to: "fee_invoiced",
    by: "registry",
    requires: [],
    advances: true,
  },
  { action: "pay_fee", from: ["fee_invoiced"], to: "fee_paid", by: "maker", requires: [], advances: true },
  {
    action: "issue_label",
    from: ["fee_paid"],
    to: "label_issued",
    by: "registry",
    requires: ["registrationNumber", "labelExpiresOn"],
    advances: true,
  },
  {
    action: "file_change_notice",
    from: ["label_issued", "extension_requested"],
    to: "same",
    by: "maker",
    requires: ["note"],
  },
  {
    action: "file_report",
    from: ["label_issued", "extension_requested"],
    to: "same",
    by: "maker",
    requires: ["note"],
  },
  // Extension (更新) is its own flow on the same application, not a new draft (lifecycle.ts says when).
  {
    action: "request_extension",
    from: ["label_issued"],
    to: "extension_requested",
    by: "maker",
    requires: [],
  },
  {
    action: "extend",
    from: ["extension_requested"],
    to: "label_issued",
    by: "registry",
    requires: ["labelExpiresOn"],
    advances: true,
  },
  {
    action: "expire",
    from: ["label_issued", "extension_requested"],
    to: "expired",
    by: "anyone",
    requires: ["labelExpired"],
  },
  {
    action: "revoke",
    from: ["label_issued", "extension_requested"],
    to: "revoked",
    by: "registry",
    requires: ["note"],
  },
  { action: "renew", from: ["label_issued", "expired"], to: "renewed", by: "maker", requires: [] },
];

/** What the pure check needs to know of an application. */
export type TransitionSubject = {
  state: ApplicationState;
  channel: Channel;
  applicationNumber: string | null;
  labelExpiresOn: string | null;
};

/** What a step brings with it. */
export type TransitionInput = {
  note?: string | null;
  applicationNumber?: string | null;
  registrationNumber?: string | null;
  acceptanceNumber?: string | null;
  labelExpiresOn?: string | null;
  attachments?: readonly string[];
};

/** True when an actor of this kind may take a step owned by `by` on an application sent through `channel`. */
export function mayAct(by: StepOwner, actor: ActorKind, channel: Channel): boolean {
  if (actor === "system") return by === "anyone" || (by === "registry" && channel === "registry");
  if (actor === "operator") return channel === "registry" && (by === "registry" || by === "anyone");
  // Makers record IPA's steps themselves; on this instance's registry only its operators take them.
  return by === "maker" || by === "anyone" || (by === "registry" && channel === "ipa");
}

function ruleFor(action: Action, state: ApplicationState): TransitionRule | undefined {
  return TRANSITIONS.find((t) => t.action === action && t.from.includes(state));
}

function missing(req: Requirement, app: TransitionSubject, input: TransitionInput, today: string): boolean {
  switch (req) {
    case "note":
      return !input.note?.trim();
    case "applicationNumber":
      return !input.applicationNumber?.trim();
    case "knownApplicationNumber":
      return !app.applicationNumber;
    case "registrationNumber":
      return !input.registrationNumber?.trim();
    case "acceptanceNumber":
      // IPA notifies it; this instance's registry may accept without one.
      return app.channel === "ipa" && !input.acceptanceNumber?.trim();
    case "labelExpiresOn":
      return !input.labelExpiresOn;
    case "attachment":
      return !input.attachments || input.attachments.length === 0;
    case "labelExpired":
      // After the recorded expiry and its grace period (lifecycle.json): during grace the label is 失効猶予.
      return !app.labelExpiresOn || today <= graceEndsOn(app.labelExpiresOn);
  }
}

/**
 * The one check of every step (pure): is `action` allowed from the application's state, for this actor, with
 * this input, today? Returns the new state or throws INVALID_TRANSITION (wrong state: no skipped steps),
 * FORBIDDEN (not this actor's step) or STEP_INCOMPLETE (a requirement is missing).
 */
export function checkTransition(
  app: TransitionSubject,
  action: Action,
  actor: ActorKind,
  input: TransitionInput,
  today: string,
): ApplicationState {
  const rule = ruleFor(action, app.state);
  if (!rule)
    throw new AppError("INVALID_TRANSITION", {
      ...labelParams("actions", "action", action),
      ...labelParams("states", "state", app.state),
    });
  if (!mayAct(rule.by, actor, app.channel)) throw new AppError("FORBIDDEN");
  const absent = rule.requires.find((r) => missing(r, app, input, today));
  if (absent)
    throw new AppError("STEP_INCOMPLETE", {
      ...labelParams("actions", "action", action),
      ...labelParams("requirements", "requirement", absent),
    });
  return rule.to === "same" ? app.state : rule.to;
}

/** The steps this actor may take next (requirements on input aside), in table order, without duplicates. */
export function nextActions(app: TransitionSubject, actor: ActorKind, today: string): Action[] {
  const out: Action[] = [];
  for (const t of TRANSITIONS) {
    if (!t.from.includes(app.state) || !mayAct(t.by, actor, app.channel) || out.includes(t.action)) continue;
    if (t.requires.includes("knownApplicationNumber") && !app.applicationNumber) continue;
    if (t.requires.includes("labelExpired") && missing("labelExpired", app, {}, today)) continue;
    out.push(t.action);
  }
  return out;
}

/** The steps among `actions` whose row for the current state asks for a note (a reason or message). */
export function stepsNeedingNote(state: ApplicationState, actions: readonly Action[]): Action[] {
  return actions.filter((action) => ruleFor(action, state)?.requires.includes("note"));
}

/**
 * Who acts next: `maker`, this instance's `operator`, or `ipa` (IPA decides; the maker records it when it comes).
 * `party: null` when nothing is pending on the main path (a label in force, or a final state).
 */
export type Turn = { party: "maker" | "operator" | "ipa" | null; action: Action | null };

/** Whose turn it is, from the table: the `advances` step of the current state and who may take it on the channel. */
export function whoseTurn(app: Pick<TransitionSubject, "state" | "channel" | "applicationNumber">): Turn {
  const candidates = TRANSITIONS.filter(
    (t) =>
      t.advances &&
      t.from.includes(app.state) &&
      !(t.requires.includes("knownApplicationNumber") && !app.applicationNumber),
  );
  // With a number already known (a resubmission), the step that uses it comes first.
  const rule = candidates.find((t) => t.requires.includes("knownApplicationNumber")) ?? candidates[0];
  if (!rule) return { party: null, action: null };
  if (rule.by !== "registry") return { party: "maker", action: rule.action };
  return { party: app.channel === "registry" ? "operator" : "ipa", action: rule.action };
}

/** States an operator sees: everything from submission on (never drafts or a maker's preparation). */
export const SUBMITTED_STATES: readonly ApplicationState[] = [
  "submitted",
  "accepted",
  "fee_invoiced",
  "fee_paid",
  "label_issued",
  "extension_requested",
  "expired",
  "revoked",
  "renewed",
];
