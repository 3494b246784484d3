import type { CoreDeps } from "../context/deps.ts";
import { isAppError } from "../errors/app-error.ts";
import { selectApplications, today } from "./application.ts";
import { applyStep } from "./step.ts";

/**
 * Moves every label whose recorded expiry and grace period (lifecycle.json) have ended to `expired` (a dated step by the system, audited like any other).
 * Run by the daily reminder scan; safe to run twice or from several processes (the version check keeps one).
 */
export async function expireLabels(deps: CoreDeps): Promise<{ expired: number }> {
  const day = today(deps);
  const due = await selectApplications(deps.db)
    .where("applications.state", "in", ["label_issued", "extension_requested"])
    .where("applications.label_expires_on", "<", day)
    .execute();
  let expired = 0;
  for (const row of due) {
    try {
      await deps.db
        .transaction()
        .execute((trx) =>
          applyStep(
            deps,
            trx,
            row,
            { kind: "system", id: null, name: "jcstar" },
            { action: "expire", version: Number(row.version), attachments: [] },
            "ja",
          ),
        );
      expired += 1;
    } catch (error) {
      // Someone else moved it first (another process, a renewal), or it is in its grace period: nothing to do.
      const benign = ["VERSION_CONFLICT", "INVALID_TRANSITION", "STEP_INCOMPLETE"];
      if (!isAppError(error) || !benign.includes(error.code)) throw error;
    }
  }
  return { expired };
}
