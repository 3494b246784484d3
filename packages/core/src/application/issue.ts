import type { Db } from "../db/create-db.ts";
import { formatNumber, nextCounter, readRegistrySettings } from "./registry-settings.ts";

/** Numbers restart each year only when the format shows the year; otherwise one sequence runs on. */
function counterName(kind: string, format: string, year: number): string {
  return format.includes("{yyyy}") ? `${kind}:${year}` : kind;
}

/** What the registry knows when it issues: the application and who issues. */
export type IssueInput = {
  applicationId: string;
  orgId: string;
  productId: string;
  modelNumbers: readonly string[];
  issuedOn: string;
  expiresOn: string;
  operator: { id: string | null; name: string };
};

export type Issued = { registrationNumber: string };

/**
 * The ONE place where the registry side issues a registration (and, once wired, its label): called inside the
 * transaction of the `issue_label` step on the registry channel. It draws the next number in the configured
 * format. The coordinator wires the label (artwork, signed payload) of the labels feature in here.
 */
export async function issueRegistration(trx: Db, input: IssueInput): Promise<Issued> {
  const settings = await readRegistrySettings(trx);
  const year = Number(input.issuedOn.slice(0, 4));
  const format = settings.registrationNumberFormat;
  const seq = await nextCounter(trx, counterName("registration", format, year));
  return { registrationNumber: formatNumber(format, year, seq) };
}

/** The application number the registry assigns when a maker asks for one (registry channel). */
export async function assignApplicationNumber(trx: Db, today: string): Promise<string> {
  const settings = await readRegistrySettings(trx);
  const year = Number(today.slice(0, 4));
  const format = settings.applicationNumberFormat;
  const seq = await nextCounter(trx, counterName("application", format, year));
  return formatNumber(format, year, seq);
}
