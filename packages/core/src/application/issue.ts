import type { CoreDeps } from "../context/deps.ts";
import type { Db } from "../db/create-db.ts";
import { AppError } from "../errors/app-error.ts";
import type { Lang } from "../i18n/text.ts";
import { issueLabelIn } from "../labels/issue-label.ts";
import { readRegistrySettings } from "../labels/registry-settings.ts";
import type { InstanceKey } from "../secrets/instance-key.ts";
import { formatNumber, nextCounter } from "./registry-counters.ts";

/** Numbers restart each year only when the format shows the year; otherwise one sequence runs on. */
function counterName(kind: string, format: string, year: number): string {
  return format.includes("{yyyy}") ? `${kind}:${year}` : kind;
}

/**
 * What a step needs beyond the core deps when the registry of this instance issues a label: the instance key
 * (the label signing key is in the secret store). QR codes point to the configured public URL (`deps.publicUrl`
 * or the instance setting, see settings/public-url.ts), never to the request's origin.
 */
export type StepDeps = CoreDeps & { instanceKey?: InstanceKey };

/** What the registry knows when it issues: the application and who issues. */
export type IssueInput = {
  applicationId: string;
  orgId: string;
  productId: string;
  modelNumbers: readonly string[];
  issuedOn: string;
  /** The last valid day the operator entered (recorded as the application's label expiry). */
  validUntil: string;
  operator: { id: string | null; name: string };
  lang: Lang;
};

export type Issued = { registrationNumber: string; validUntil: string };

/**
 * The ONE place where the registry side issues a registration: called inside the transaction of the
 * `issue_label` step on the registry channel, it issues the label itself (next number of the configured format,
 * signed payload, artwork and public page — see labels/) in that same transaction.
 */
export async function issueRegistration(deps: StepDeps, trx: Db, input: IssueInput): Promise<Issued> {
  if (!deps.instanceKey) {
    throw new AppError("INTERNAL", {}, [], { cause: new Error("issuing a label needs the instance key") });
  }
  const label = await issueLabelIn(
    { db: trx, now: deps.now, instanceKey: deps.instanceKey, publicUrl: deps.publicUrl },
    { id: input.operator.id, name: input.operator.name, lang: input.lang },
    {
      productId: input.productId,
      applicationId: input.applicationId,
      validFrom: input.issuedOn,
      validUntil: input.validUntil,
      ...(input.modelNumbers.length > 0 ? { modelNumbers: [...input.modelNumbers] } : {}),
    },
  );
  return { registrationNumber: label.registrationNumber, validUntil: label.validUntil };
}

/** The application number the registry assigns when a maker asks for one (registry channel). */
export async function assignApplicationNumber(trx: Db, today: string): Promise<string> {
  const settings = await readRegistrySettings(trx);
  const year = Number(today.slice(0, 4));
  const format = settings.applicationNumberFormat;
  const seq = await nextCounter(trx, counterName("application", format, year));
  return formatNumber(format, year, seq);
}
