import { describe, expect, it } from "vitest";
import type { LoadedReadiness } from "./load-readiness-input.ts";
import { nextStepOf } from "./next-step.ts";

const counts = { total: 16, ready: 16, blocked: 0, deemedMet: 0 };
const text = { ja: "x", en: "x" };
function loaded(assessment: boolean, blockers: { criterionId: string }[]): LoadedReadiness {
  return {
    productId: "prd_1",
    assessment: assessment ? ({ id: "asm_1" } as LoadedReadiness["assessment"]) : null,
    readiness: {
      ready: blockers.length === 0,
      catalogVersion: "v",
      route: "standard",
      counts,
      criteria: [],
      blockers: blockers.map((b) => ({ code: "NOT_ASSESSED", message: text, ...b })),
    } as unknown as LoadedReadiness["readiness"],
  };
}

describe("nextStepOf", () => {
  it("orders: start the assessment, fix a criterion, complete the form, sign off", () => {
    expect(nextStepOf(loaded(false, [{ criterionId: "S1.1-01" }])).kind).toBe("start_assessment");
    const fix = nextStepOf(loaded(true, [{ criterionId: "S1.1-04" }, { criterionId: "application" }]));
    expect([fix.kind, fix.blocker?.criterionId, fix.openBlockers]).toEqual(["fix_criterion", "S1.1-04", 2]);
    expect(nextStepOf(loaded(true, [{ criterionId: "application" }])).kind).toBe("application_form");
    const done = nextStepOf(loaded(true, []));
    expect([done.kind, done.blocker, done.assessmentId]).toEqual(["sign_off", null, "asm_1"]);
  });
});
