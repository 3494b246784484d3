import type { Db } from "../db/create-db.ts";
import { formatNumber, nextCounter, readRegistrySettings } from "./registry-settings.ts";

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
  const seq = await nextCounter(trx, `registration:${year}`);
  return { registrationNumber: formatNumber(settings.registrationNumberFormat, year, seq) };
}

/** The application number the registry assigns when a maker asks for one (registry channel). */
export async function assignApplicationNumber(trx: Db, today: string): Promise<string> {
  const settings = await readRegistrySettings(trx);
  const year = Number(today.slice(0, 4));
  const seq = await nextCounter(trx, `application:${year}`);
  return formatNumber(settings.applicationNumberFormat, year, seq);
}
