import type { Migration } from "kysely";
import * as spine from "./2026-11-26T0400-spine.ts";
import * as accounts from "./2026-11-26T0500-accounts.ts";
import * as vault from "./2026-11-26T0600-vault.ts";
import * as deviceTests from "./2026-11-26T0700-device-tests.ts";
import * as jobs from "./2026-11-26T0800-jobs.ts";
import * as deviceRuns from "./2026-11-26T0810-device-runs.ts";
import * as sbomVuln from "./2026-11-26T0900-sbom-vuln.ts";
import * as signoffPackage from "./2026-11-26T1000-signoff-package.ts";
import * as documents from "./2026-11-26T1010-documents.ts";
import * as applications from "./2026-11-26T1100-applications.ts";
import * as labels from "./2026-11-26T1150-labels.ts";
import * as publicUrl from "./2026-12-02T1610-public-url.ts";
import * as auditCheckpoints from "./2026-12-02T1630-audit-checkpoints.ts";
import * as ipaLifecycle from "./2026-12-03T2120-ipa-lifecycle.ts";
import * as componentParent from "./2026-12-03T2150-component-parent.ts";
import * as corporateNumber from "./2026-12-04T0130-corporate-number.ts";
import * as recoveryCodes from "./2026-12-04T0140-recovery-codes.ts";
import * as evidenceTexts from "./2026-12-04T0150-evidence-texts.ts";

/**
 * Every migration, by name. Names start with the time they were written so they sort in order.
 * A static list (not a folder scan) so that migrations work the same under tsx, vitest and a bundle.
 */
export const MIGRATIONS: Record<string, Migration> = {
  "2026-11-26T0400-spine": spine,
  "2026-11-26T0500-accounts": accounts,
  "2026-11-26T0600-vault": vault,
  "2026-11-26T0700-device-tests": deviceTests,
  "2026-11-26T0800-jobs": jobs,
  "2026-11-26T0810-device-runs": deviceRuns,
  "2026-11-26T0900-sbom-vuln": sbomVuln,
  "2026-11-26T1000-signoff-package": signoffPackage,
  "2026-11-26T1010-documents": documents,
  "2026-11-26T1100-applications": applications,
  "2026-11-26T1150-labels": labels,
  "2026-12-02T1610-public-url": publicUrl,
  "2026-12-02T1630-audit-checkpoints": auditCheckpoints,
  "2026-12-03T2120-ipa-lifecycle": ipaLifecycle,
  "2026-12-03T2150-component-parent": componentParent,
  "2026-12-04T0130-corporate-number": corporateNumber,
  "2026-12-04T0140-recovery-codes": recoveryCodes,
  "2026-12-04T0150-evidence-texts": evidenceTexts,
};
