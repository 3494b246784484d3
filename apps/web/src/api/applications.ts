import type { I18nText } from "./types.ts";

/** Shapes of the application lifecycle API (apps/server/src/schemas-applications.ts). */

export type ApplicationState =
  | "draft"
  | "ready"
  | "number_requested"
  | "number_received"
  | "submitted"
  | "accepted"
  | "fee_invoiced"
  | "fee_paid"
  | "label_issued"
  | "expired"
  | "revoked"
  | "renewed";

export type StepAction =
  | "mark_ready"
  | "reopen"
  | "request_number"
  | "record_number"
  | "submit"
  | "accept"
  | "return"
  | "request_evidence"
  | "provide_evidence"
  | "invoice_fee"
  | "pay_fee"
  | "issue_label"
  | "file_change_notice"
  | "file_report"
  | "expire"
  | "revoke"
  | "renew";

export type Fee = {
  amount: number;
  currency: "JPY";
  taxIncluded: boolean;
  label: I18nText;
  basis: string;
  estimated: boolean;
};

export type Attachment = {
  id: string;
  title: string;
  fileName: string | null;
  mediaType: string | null;
  size: number | null;
  sha256: string | null;
};

export type ApplicationEvent = {
  id: string;
  seq: number;
  action: StepAction | "created";
  fromState: ApplicationState;
  toState: ApplicationState;
  occurredOn: string;
  at: string;
  actor: { id: string | null; name: string; kind: "maker" | "operator" | "system" };
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
  route: "standard" | "psti";
  channel: "ipa" | "registry";
  state: ApplicationState;
  modelNumbers: string[];
  applicationNumber: string | null;
  registrationNumber: string | null;
  snapshotHash: string | null;
  submittedOn: string | null;
  acceptedOn: string | null;
  expectedAcceptanceOn: string | null;
  fee: Fee | null;
  labelIssuedOn: string | null;
  labelExpiresOn: string | null;
  labelEvidenceId: string | null;
  renewalOf: string | null;
  since: string;
  overdueOn: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type Snapshot = {
  takenAt: string;
  signOff: { kind: string; id: string; version: string };
  catalogVersion: string;
  route: string;
  product: { id: string; name: string };
  modelNumbers: string[];
  readiness: { ready: boolean; counts: { total: number; ready: number; blocked: number; deemedMet: number } };
  results: {
    criterionId: string;
    state: string;
    deemedMet: boolean;
    naReason: string | null;
    evidence: { id: string; title: string; revision: number; sha256: string | null }[];
  }[];
};

export type ApplicationView = Application & {
  snapshot: Snapshot | null;
  events: ApplicationEvent[];
  nextActions: StepAction[];
  orgName?: string;
};

export type ApplicationInfo = {
  fees: {
    level: number;
    route: string;
    from: string | null;
    until: string | null;
    amount: number;
    label: I18nText;
  }[];
  acceptanceDays: number;
  labelValidityYears: number;
  registry: { enabled: boolean; programme: "sandbox" | "private"; name: string };
};

/** The registry side's settings (GET/PUT /api/operator/registry-settings; a PUT may send only some fields). */
export type RegistrySettings = {
  enabled: boolean;
  sandbox: boolean;
  registryName: I18nText;
  applicationNumberFormat: string;
  registrationNumberFormat: string;
  validityYears: number;
  publicBaseUrl: string | null;
};

/** Steps whose form needs a note (reason or message). */
export const NEEDS_NOTE: readonly StepAction[] = [
  "return",
  "revoke",
  "request_evidence",
  "file_change_notice",
  "file_report",
];

export function yen(amount: number, lang: string): string {
  return new Intl.NumberFormat(lang === "en" ? "en-JP" : "ja-JP", {
    style: "currency",
    currency: "JPY",
  }).format(amount);
}
