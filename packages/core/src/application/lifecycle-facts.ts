import { SHARED_SOURCES } from "../scheme/shared-sources.ts";
import { needsUnverifiedMark, type SourceRef } from "../scheme/source-ref.ts";
import { type FactSources, factSources } from "../scheme/source-registry.ts";
import { FEE_TABLE } from "./fees.ts";
import { graceFor, LIFECYCLE } from "./lifecycle.ts";
import { SCHEDULE } from "./schedule.ts";

/** The sources behind what an application view states about its lifecycle, with the "unverified" mark where due. */
export type LifecycleFacts = {
  labelStatus: FactSources;
  validity: FactSources;
  grace: FactSources;
  extension: FactSources;
  extensionFee: FactSources;
  expectedAcceptance: FactSources;
};

const inline = (sources: SourceRef[]): FactSources => ({
  sources,
  unverifiedMark: needsUnverifiedMark(sources) ? SHARED_SOURCES.unverifiedMark : null,
});

/** The lifecycle facts of a label expiring on `expiresOn` (null: none issued; the open-ended grace row applies). */
export function lifecycleFacts(expiresOn: string | null): LifecycleFacts {
  const keyed = (keys: readonly string[]) =>
    factSources(SHARED_SOURCES.sources, keys, SHARED_SOURCES.unverifiedMark);
  const grace = expiresOn ? graceFor(expiresOn).sources : (LIFECYCLE.grace[0]?.sources ?? []);
  return {
    labelStatus: inline(LIFECYCLE.statusSources),
    validity: inline(LIFECYCLE.validity.sources),
    grace: inline(grace),
    extension: inline(LIFECYCLE.extension.sources),
    extensionFee: keyed(FEE_TABLE.extensions.flatMap((f) => f.sources)),
    expectedAcceptance: keyed(SCHEDULE.sources.acceptanceDays),
  };
}
